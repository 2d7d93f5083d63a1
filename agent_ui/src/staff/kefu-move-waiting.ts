import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n } from "../i18n/i18n";
import type { ServerEvent } from "../protocol/types";
import type { FloorRow, QueueRow } from "../state/kpi_board";
import { ClientIdSource } from "../state/outbox";
import { staffCardStyles, staffStyles } from "./staff_styles";

/**
 * Moves every chat waiting in a queue to another queue or to an agent at once (`move_waiting`,
 * docs/protocol.md). The server decides what moves; the answer (`waiting_moved` or `error`)
 * becomes a notice. The supervisor screen passes its queues, floor and socket.
 */
@customElement("kefu-move-waiting")
export class KefuMoveWaiting extends LitElement {
  static override styles = [
    staffStyles,
    staffCardStyles,
    css`
      form { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; }
      label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
      select { border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; max-width: 100%; }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property({ attribute: false }) queues: QueueRow[] = [];
  @property({ attribute: false }) agents: FloorRow[] = [];
  @property({ attribute: false }) send: (command: object) => void = () => {};
  @property() locale = "";
  @state() private from = "";
  @state() private to = "";
  @state() private notice: string | null = null;
  private readonly ids = new ClientIdSource("mv");
  private pending: string | null = null;

  /** The answer to the move this form sent. */
  onServerEvent(event: ServerEvent): void {
    const t = this.i18n.t.bind(this.i18n);
    if (event.type === "waiting_moved" && event.ref === this.pending) {
      this.pending = null;
      this.notice = event.moved.length === 0 && event.kept.length === 0
        ? t("move.nothing", { queue: event.from_queue })
        : t("move.done", { moved: this.i18n.number(event.moved.length), kept: this.i18n.number(event.kept.length), queue: event.from_queue });
    } else if (event.type === "error" && event.ref === this.pending) {
      this.pending = null;
      this.notice = t("move.refused", { message: event.message ?? "" });
    }
  }

  private submit(e: Event): void {
    e.preventDefault();
    const from = this.from || this.queues.find((q) => q.waiting > 0)?.name || this.queues[0]?.name || "";
    if (!from || !this.to) return;
    const clientId = this.ids.next();
    this.pending = clientId;
    const [kind, value] = [this.to.slice(0, this.to.indexOf(":")), this.to.slice(this.to.indexOf(":") + 1)];
    this.send(kind === "agent"
      ? { type: "move_waiting", client_id: clientId, from_queue: from, to_agent: Number(value) }
      : { type: "move_waiting", client_id: clientId, from_queue: from, to_queue: value });
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    const from = this.from || this.queues.find((q) => q.waiting > 0)?.name || this.queues[0]?.name || "";
    return html`<section class="card move-waiting" lang=${this.locale} aria-label=${t("move.title")}>
      <h2>${t("move.title")}</h2>
      <form @submit=${(e: Event) => this.submit(e)}>
        <label>${t("move.from")}
          <select name="from" @change=${(e: Event) => (this.from = (e.target as HTMLSelectElement).value)}>
            ${this.queues.map((q) => html`<option value=${q.name} ?selected=${q.name === from}>${q.name} (${this.i18n.number(q.waiting)})</option>`)}
          </select></label>
        <label>${t("move.to")}
          <select name="to" @change=${(e: Event) => (this.to = (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.to === ""}>—</option>
            <optgroup label=${t("reassign.agents")}>
              ${this.agents.map((a) => html`<option value=${`agent:${a.id}`} ?selected=${this.to === `agent:${a.id}`}>
                ${t("reassign.agentOption", { name: a.name, status: t(`status.${a.status === "online" || a.status === "away" ? a.status : "offline"}`), load: a.openChats, capacity: a.chatCapacity })}</option>`)}
            </optgroup>
            <optgroup label=${t("reassign.queues")}>
              ${this.queues.filter((q) => q.name !== from).map((q) => html`<option value=${`queue:${q.name}`} ?selected=${this.to === `queue:${q.name}`}>${q.name}</option>`)}
            </optgroup>
          </select></label>
        <button class="primary" type="submit" ?disabled=${this.to === ""}>${t("move.submit")}</button>
      </form>
      ${this.notice ? html`<p class="notice move-notice" role="status">${this.notice}</p>` : nothing}
    </section>`;
  }
}
