import { LitElement, html, css, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import type { I18n, MessageKey } from "../i18n/i18n";
import {
  MAX_TEXT_LENGTH,
  PRIORITIES,
  type Priority,
  type ClientCommand,
  type FloorAgent,
  type ServerEvent,
  type SupervisedConversation,
  type WhisperEvent,
} from "../protocol/types";
import type { ChatMessage } from "../state/conversation_log";
import { ClientIdSource } from "../state/outbox";
import { Supervision, SupervisionError } from "../state/supervision";
import { staffCardStyles, staffStyles } from "./staff_styles";

/** One line of the watched conversation: a message or a whisper, in time order. */
type Line = { kind: "message"; at: number; message: ChatMessage } | { kind: "whisper"; at: number; whisper: WhisperEvent };

/**
 * The supervisor's conversations: the open ones from the `kpi` frames, most urgent first with
 * their SLA risk, each openable read-only; the opened conversation with its history and live
 * messages, whispers to its agent, and take over (then reply and resolve as its agent). The
 * host page passes every server frame to `onServerEvent` and a `send` that writes a command
 * on its staff socket. User text is rendered only through Lit text bindings.
 */
@customElement("kefu-monitor")
export class KefuMonitor extends LitElement {
  static override styles = [
    staffStyles,
    staffCardStyles,
    css`
      :host { display: grid; gap: 20px; }
      th, td { white-space: nowrap; }
      tr[aria-selected="true"] td { background: #eef4f9; }
      .sla { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; }
      .sla-breached { background: #fbe3e1; color: var(--warn); }
      .sla-at_risk { background: #fff1cc; color: #7a5200; }
      .sla-ok { background: #e3f1e4; color: #2d6a30; }
      .sla-none { color: var(--muted); font-weight: 400; }
      .muted { color: var(--muted); }
      .monitor { display: grid; gap: 10px; }
      .monitor-head { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
      .monitor-head h2 { flex: 1; margin: 0; }
      .banner { padding: 6px 10px; border-radius: 6px; background: #eef4f9; font-size: 13px; }
      .banner.mine { background: #e3f1e4; }
      .messages { max-height: 360px; overflow-y: auto; padding: 10px; display: flex; flex-direction: column; gap: 8px; background: #fafbfc; border: 1px solid var(--line); border-radius: 8px; }
      .msg { max-width: 75%; display: flex; flex-direction: column; }
      .msg.agent { align-self: flex-end; align-items: flex-end; }
      .bubble { padding: 7px 11px; border-radius: 10px; background: var(--paper); border: 1px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
      .agent .bubble { background: #e4eef6; border-color: #c9dcea; }
      .whisper { align-self: center; max-width: 85%; }
      .whisper .bubble { background: #fff7e0; border: 1px dashed #d9a400; font-style: italic; }
      .meta { font-size: 11px; color: var(--muted); margin-top: 2px; }
      form { display: flex; gap: 8px; align-items: flex-start; flex-wrap: wrap; }
      form textarea { flex: 1; min-width: 220px; min-height: 44px; resize: vertical; border: 1px solid var(--line); border-radius: 8px; padding: 6px 8px; }
      .error { color: var(--warn); }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  /** The page's locale; a change re-renders the texts. */
  @property() locale = "";
  /** Writes a command on the staff socket; false when it is not open. */
  @property({ attribute: false }) send: (command: ClientCommand) => boolean = () => false;

  @state() private conversations: SupervisedConversation[] = [];
  /** Who and where a conversation can be handed to (the `kpi` frame's floor and queues). */
  @state() private floor: FloorAgent[] = [];
  @state() private queueNames: string[] = [];
  @state() private problem: string | null = null;
  /** A confirmation, kept as its text's key so that it follows a change of language. */
  @state() private info: { key: MessageKey; params: Record<string, string> } | null = null;
  @state() private busy = false;
  private serverOffsetMs = 0;
  private readonly supervision = new Supervision((command) => this.send(command), new ClientIdSource("sv"));
  private ticker: ReturnType<typeof setInterval> | null = null;
  private shownLines = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.ticker = setInterval(() => this.requestUpdate(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.ticker) clearInterval(this.ticker);
  }

  /** Every server frame of the page's staff socket. */
  onServerEvent(event: ServerEvent): void {
    if (event.type === "kpi") {
      if (Array.isArray(event.conversations)) this.conversations = event.conversations;
      if (Array.isArray(event.floor)) this.floor = event.floor;
      if (Array.isArray(event.queues)) this.queueNames = event.queues.map((q) => q.name).filter((n) => typeof n === "string");
      if (typeof event.live?.at === "number") this.serverOffsetMs = event.live.at - Date.now();
    } else if (event.type === "welcome") {
      this.serverOffsetMs = event.server_time - Date.now();
    }
    this.supervision.apply(event);
    this.requestUpdate();
  }

  /** The socket closed: what was in flight failed. */
  connectionLost(): void {
    this.supervision.connectionLost();
    this.requestUpdate();
  }

  private describe(error: unknown): string {
    return this.i18n.error(error instanceof SupervisionError ? error.code : "other");
  }

  private async run(action: () => Promise<unknown>, done?: () => void): Promise<void> {
    this.problem = null;
    this.info = null;
    this.busy = true;
    try {
      await action();
      done?.();
    } catch (error) {
      this.problem = this.describe(error);
    } finally {
      this.busy = false;
    }
  }

  private open(id: number): void {
    this.run(() => this.supervision.open(id));
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(".monitor h2")?.focus());
  }

  private close(): void {
    const id = this.supervision.watched?.id;
    this.supervision.close();
    this.problem = null;
    this.info = null;
    this.requestUpdate();
    if (id !== undefined) {
      this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>(`[data-conversation-id="${id}"] button.open`)?.focus(),
      );
    }
  }

  private textOf(form: HTMLFormElement): string {
    const box = form.querySelector("textarea");
    return (box?.value ?? "").trim().slice(0, MAX_TEXT_LENGTH);
  }

  private whisper(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const text = this.textOf(form);
    if (!text) return;
    const agent = this.supervision.watched?.summary?.agent?.name ?? "";
    this.run(
      () => this.supervision.whisper(text),
      () => {
        form.reset();
        this.info = { key: "supervision.whispered", params: { name: agent } };
      },
    );
  }

  /** Hands the watched conversation to the agent or queue chosen in the form. */
  private reassign(event: SubmitEvent): void {
    event.preventDefault();
    const choice = (event.target as HTMLFormElement).querySelector("select")?.value ?? "";
    const [kind, value] = [choice.slice(0, choice.indexOf(":")), choice.slice(choice.indexOf(":") + 1)];
    if (kind !== "agent" && kind !== "queue") return;
    const label =
      kind === "agent" ? (this.floor.find((a) => String(a.id) === value)?.name ?? value) : value;
    this.run(
      () => this.supervision.reassign(kind === "agent" ? { agent: Number(value) } : { queue: value }),
      () => (this.info = { key: "reassign.done", params: { name: label } }),
    );
  }

  private renderReassign() {
    const t = this.i18n.t.bind(this.i18n);
    const n = (v: number) => this.i18n.number(v);
    const status = (s: string) => (s === "online" || s === "away" || s === "offline" ? t(`status.${s}`) : s);
    return html`<form class="reassign" @submit=${this.reassign}>
      <label>${t("reassign.label")}
        <select name="to">
          <optgroup label=${t("reassign.agents")}>
            ${this.floor.map(
              (a) => html`<option value=${`agent:${a.id}`}>
                ${t("reassign.agentOption", { name: a.name, status: status(a.status), load: n(a.open_chats), capacity: n(a.chat_capacity) })}
              </option>`,
            )}
          </optgroup>
          <optgroup label=${t("reassign.queues")}>
            ${this.queueNames.map((q) => html`<option value=${`queue:${q}`}>${t("transfer.toQueue", { queue: q })}</option>`)}
          </optgroup>
        </select>
      </label>
      <button type="submit" ?disabled=${this.busy}>${t("reassign.submit")}</button>
    </form>`;
  }

  private reply(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const text = this.textOf(form);
    if (!text) return;
    this.run(() => this.supervision.reply(text), () => form.reset());
  }

  /** Enter submits the form, Shift+Enter is a new line. */
  private submitOnEnter(event: KeyboardEvent): void {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    (event.target as HTMLTextAreaElement).form?.requestSubmit();
  }

  /** Scrolls to the newest line when lines were added (not on every re-render). */
  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const list = this.renderRoot.querySelector<HTMLElement>(".messages");
    const count = list?.childElementCount ?? 0;
    if (list && count !== this.shownLines) list.scrollTop = list.scrollHeight;
    this.shownLines = count;
  }

  override render() {
    if (!this.i18n) return nothing;
    return html`${this.renderTable()} ${this.renderMine()} ${this.renderWatched()}`;
  }

  private waited(since: number | null): string {
    if (since === null) return "—";
    return this.i18n.duration((Date.now() + this.serverOffsetMs - since) / 1000);
  }

  private renderTable() {
    const t = this.i18n.t.bind(this.i18n);
    const watched = this.supervision.watched?.id;
    return html`
      <section class="card" aria-label=${t("supervision.conversations")}>
        <h2>${t("supervision.conversations")}</h2>
        ${!this.supervision.watched && this.problem ? html`<div class="error" role="alert">${this.problem}</div>` : nothing}
        ${!this.supervision.watched && this.info ? html`<div class="info" role="status">${t(this.info.key, this.info.params)}</div>` : nothing}
        ${this.conversations.length === 0
          ? html`<p class="muted">${t("supervision.none")}</p>`
          : html`<table class="conversations">
              <thead>
                <tr>
                  <th>#</th><th>${t("supervision.customer")}</th><th>${t("kpi.agent")}</th><th>${t("status.label")}</th>
                  <th>${t("kpi.queue")}</th><th>${t("priority.label")}</th><th>${t("supervision.waited")}</th><th>${t("supervision.sla")}</th><th></th>
                </tr>
              </thead>
              <tbody>
                ${repeat(
                  this.conversations,
                  (c) => c.id,
                  (c) => html`<tr data-conversation-id=${c.id} data-sla=${c.sla_risk} aria-selected=${c.id === watched ? "true" : "false"}>
                    <td class="n">${this.i18n.number(c.id)}</td>
                    <td>${c.customer?.name ?? ""}</td>
                    <td>${c.agent?.name ?? html`<span class="muted">${t("supervision.noAgent")}</span>`}</td>
                    <td>${t(`conv.status.${c.status}`)}</td>
                    <td>${c.queue ?? ""} · ${t(`channel.${c.channel}`)}</td>
                    <td>${this.renderPriority(c)}</td>
                    <td class="n">${this.waited(c.waiting_since)}</td>
                    <td><span class="sla sla-${c.sla_risk}">${t(`sla.${c.sla_risk}`)}</span></td>
                    <td>
                      <button class="open" aria-label=${t("supervision.openLabel", { id: c.id })} @click=${() => this.open(c.id)}>
                        ${t("supervision.open")}
                      </button>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      </section>
    `;
  }

  /** The row's priority as a choice the supervisor can change (who set it, as its title). */
  private renderPriority(c: SupervisedConversation) {
    const t = this.i18n.t.bind(this.i18n);
    const by = c.priority_by ? t(`priority.by.${c.priority_by}`) : "";
    return html`<select
      class="priority"
      data-priority=${c.priority}
      title=${by}
      aria-label=${t("priority.setLabel", { id: c.id })}
      ?disabled=${this.busy}
      @change=${(e: Event) => this.setPriority(c.id, (e.target as HTMLSelectElement).value as Priority)}
    >
      ${c.priority === "" ? html`<option value="" selected disabled>${t("priority.unknown")}</option>` : nothing}
      ${PRIORITIES.map((p) => html`<option value=${p} ?selected=${p === c.priority}>${t(`priority.${p}`)}</option>`)}
    </select>`;
  }

  private setPriority(id: number, priority: Priority): void {
    const label = this.i18n.t(`priority.${priority}`);
    this.run(
      () => this.supervision.setPriority(id, priority),
      () => {
        this.conversations = this.conversations.map((c) => (c.id === id ? { ...c, priority, priority_by: "supervisor" } : c));
        this.info = { key: "priority.set", params: { id: String(id), priority: label } };
      },
    );
  }

  private renderMine() {
    const t = this.i18n.t.bind(this.i18n);
    const mine = [...this.supervision.mine.values()];
    if (mine.length === 0) return nothing;
    return html`
      <section class="card mine" aria-label=${t("supervision.mine")}>
        <h2>${t("supervision.mine")}</h2>
        <ul>
          ${repeat(
            mine,
            (c) => c.id,
            (c) => html`<li data-conversation-id=${c.id}>
              #${this.i18n.number(c.id)} · ${c.customer?.name ?? ""}
              <button class="open" @click=${() => this.open(c.id)}>${t("supervision.open")}</button>
            </li>`,
          )}
        </ul>
      </section>
    `;
  }

  private renderWatched() {
    const t = this.i18n.t.bind(this.i18n);
    const log = this.supervision.watched;
    if (!log) return nothing;
    const summary = log.summary;
    const mine = this.supervision.watchedIsMine;
    const lines: Line[] = [
      ...log.messages().map((m): Line => ({ kind: "message", at: m.at, message: m })),
      ...this.supervision.whispers.map((w): Line => ({ kind: "whisper", at: w.at, whisper: w })),
    ].sort((a, b) => a.at - b.at);
    const assigned = summary?.status === "assigned";
    return html`
      <section class="card monitor" aria-label=${`#${log.id}`} data-conversation-id=${log.id}>
        <div class="monitor-head">
          <h2 tabindex="-1">
            #${this.i18n.number(log.id)} · ${summary?.customer?.name ?? ""} ·
            ${summary?.agent?.name ?? t("supervision.noAgent")} ·
            ${summary ? t(`conv.status.${summary.status}`) : t("supervision.loading")}
          </h2>
          ${!mine && summary && (summary.status === "assigned" || summary.status === "queued")
            ? html`<button class="primary take-over" ?disabled=${this.busy} @click=${() => this.run(() => this.supervision.takeOver())}>
                ${t("supervision.takeOver")}
              </button>`
            : nothing}
          ${mine && assigned
            ? html`<button class="primary resolve" ?disabled=${this.busy} @click=${() => this.run(() => this.supervision.resolve())}>
                ${t("console.resolve")}
              </button>`
            : nothing}
          <button class="close" @click=${this.close}>${t("supervision.close")}</button>
        </div>
        <div class="banner ${mine ? "mine" : ""}" role="note">${mine ? t("supervision.takenOver") : t("supervision.readOnly")}</div>
        ${this.problem ? html`<div class="error" role="alert">${this.problem}</div>` : nothing}
        ${this.info ? html`<div class="info" role="status">${t(this.info.key, this.info.params)}</div>` : nothing}
        <div class="messages" role="log" aria-live="polite">
          ${lines.length === 0 ? html`<p class="muted">${t("supervision.empty")}</p>` : nothing}
          ${lines.map((line) => (line.kind === "message" ? this.renderMessage(line.message) : this.renderWhisper(line.whisper)))}
        </div>
        ${!mine && summary && (summary.status === "assigned" || summary.status === "queued") ? this.renderReassign() : nothing}
        ${mine
          ? html`<form class="reply" @submit=${this.reply}>
              <textarea aria-label=${t("supervision.reply")} placeholder=${t("supervision.reply")} maxlength=${MAX_TEXT_LENGTH}
                ?disabled=${!assigned} @keydown=${this.submitOnEnter}></textarea>
              <button class="primary send" type="submit" ?disabled=${!assigned || this.busy}>${t("console.send")}</button>
            </form>`
          : assigned
            ? html`<form class="whisper" @submit=${this.whisper}>
                <textarea aria-label=${t("supervision.whisper")} placeholder=${t("supervision.whisperPlaceholder")}
                  maxlength=${MAX_TEXT_LENGTH} @keydown=${this.submitOnEnter}></textarea>
                <button type="submit" ?disabled=${this.busy}>${t("supervision.whisperSend")}</button>
              </form>`
            : nothing}
      </section>
    `;
  }

  private renderMessage(m: ChatMessage) {
    const t = this.i18n.t.bind(this.i18n);
    const who = m.author.kind === "system" ? t("msg.system") : (m.author.name ?? t("msg.customer"));
    return html`<div class="msg ${m.author.kind}" data-seq=${m.seq}>
      <div class="bubble">${m.text}</div>
      <div class="meta">${who} · <time datetime=${new Date(m.at).toISOString()}>${this.i18n.time(m.at)}</time></div>
    </div>`;
  }

  private renderWhisper(w: WhisperEvent) {
    const t = this.i18n.t.bind(this.i18n);
    return html`<div class="msg whisper">
      <div class="bubble">${w.text}</div>
      <div class="meta">
        ${t("supervision.whisperFrom", { name: w.author.name })} ·
        <time datetime=${new Date(w.at).toISOString()}>${this.i18n.time(w.at)}</time>
      </div>
    </div>`;
  }
}
