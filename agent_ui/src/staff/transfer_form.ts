import { css, html } from "lit";
import type { Channel } from "../protocol/types";
import { canTake, type Colleague } from "../state/colleagues";
import { describeProblem, type ConsoleParts } from "./console_parts";
import { fetchColleagues } from "./desk_api";

// Transfer from the conversation's head (docs/protocol.md, `transfer`): to a queue, or to a
// colleague who can take the channel now (status and load beside each name), with a note for
// whoever receives it. The server decides; a refusal shows as the console's error line.

export const transferFormStyles = css`
  form.transfer { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
  form.transfer input, form.transfer select { border: 1px solid var(--line); border-radius: 6px; padding: 4px 6px; }
  form.transfer input[name=agent] { width: 80px; }
`;

/** The transfer form of the conversation on screen, and the colleagues it offers. */
export class TransferForm {
  /** The queues to transfer to (the welcome's `queues`). */
  queues: string[] = [];
  /** The colleagues to transfer to (GET /api/agents), refreshed when the transfer list opens. */
  private list: Colleague[] = [];
  /** The target picked, until the transfer is done: the note and the button show meanwhile. */
  private target = "";

  constructor(private readonly parts: ConsoleParts) {}

  /** The colleagues as last read (also those an @mention may name). */
  get colleagues(): readonly Colleague[] {
    return this.list;
  }

  /** Asks the server for the colleagues' status and load (quietly: the list stays as it was). */
  readonly refreshColleagues = (): void => {
    fetchColleagues()
      .then((list) => {
        this.list = list;
        this.parts.requestUpdate();
      })
      .catch(() => {});
  };

  /** The form; its list is disabled unless the conversation is assigned to me. */
  render(enabled: boolean, channel: Channel) {
    const t = this.parts.i18n.t.bind(this.parts.i18n);
    const me = this.parts.session.state.user?.id;
    const colleagues = this.list.filter((c) => c.id !== me);
    return html`
      <form class="transfer" @submit=${this.submit} aria-label=${t("transfer.label")}>
        <select
          name="target"
          aria-label=${t("transfer.label")}
          ?disabled=${!enabled}
          @focus=${this.refreshColleagues}
          @change=${(e: Event) => {
            this.target = (e.target as HTMLSelectElement).value;
            this.parts.requestUpdate();
          }}
        >
          <option value="">${t("transfer.label")}…</option>
          <optgroup label=${t("transfer.queues")}>
            ${this.queues.map((q) => html`<option value=${`queue:${q}`}>${t("transfer.toQueue", { queue: q })}</option>`)}
          </optgroup>
          <optgroup label=${t("transfer.colleagues")}>
            ${colleagues.map(
              (c) => html`<option class="colleague" value=${`agent:${c.id}`} ?disabled=${!canTake(c, channel)}>
                ${this.colleagueLabel(c)}
              </option>`,
            )}
          </optgroup>
        </select>
        ${this.target
          ? html`<input name="note" maxlength="1000" aria-label=${t("transfer.note")} placeholder=${t("transfer.note")} />
              <button type="submit">${t("transfer.submit")}</button>`
          : html`<input name="note" type="hidden" />`}
      </form>
    `;
  }

  /** "Bob Li · online · chats 1/3 · tickets 0/5", in the console's language. */
  private colleagueLabel(c: Colleague): string {
    const t = this.parts.i18n.t.bind(this.parts.i18n);
    return t("transfer.colleague", {
      name: c.name,
      status: t(`status.${c.status}`),
      chats: `${c.load.chat}/${c.capacity.chat}`,
      tickets: `${c.load.ticket}/${c.capacity.ticket}`,
    });
  }

  private readonly submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const log = this.parts.selected();
    if (!log) return;
    const form = event.target as HTMLFormElement;
    const target = (form.elements.namedItem("target") as HTMLSelectElement).value;
    const note = (form.elements.namedItem("note") as HTMLInputElement).value.trim().slice(0, 1000);
    let to: { agent: number } | { queue: string };
    if (target.startsWith("agent:")) {
      const agent = Number(target.slice("agent:".length));
      if (!Number.isInteger(agent) || agent <= 0) return;
      to = { agent };
    } else if (target.startsWith("queue:")) {
      to = { queue: target.slice("queue:".length) };
    } else {
      return;
    }
    try {
      this.parts.setProblem(null);
      await this.parts.session.transfer(log.id, to, note || undefined);
      this.parts.say(() => this.parts.i18n.t("transfer.done"));
      this.target = "";
      this.parts.requestUpdate();
      form.reset();
    } catch (error) {
      this.parts.setProblem(describeProblem(this.parts.i18n, error));
    }
  };
}
