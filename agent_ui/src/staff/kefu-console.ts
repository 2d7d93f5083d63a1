import { LitElement, html, css, nothing, type PropertyValues } from "lit";
import { customElement, state } from "lit/decorators.js";
import { I18n } from "../i18n/i18n";
import { socketUrl } from "../net/http";
import { browserSocket } from "../net/reconnecting_socket";
import { MAX_TEXT_LENGTH, type AgentStatus, type ConversationStatus } from "../protocol/types";
import { ChatSession, CommandError } from "../state/chat_session";
import { ChatState } from "../state/chat_state";
import type { ChatMessage, ConversationLog } from "../state/conversation_log";
import { ClientIdSource, type PendingMessage } from "../state/outbox";
import { currentUser, logoutAndLeave, toLogin } from "./staff_api";
import { staffStyles } from "./staff_styles";

const TYPING_IDLE_MS = 3000;
const STATUSES: AgentStatus[] = ["online", "away", "offline"];

/** Whether a conversation still waits for an agent's work. */
function isOpen(status: ConversationStatus): boolean {
  return status === "assigned" || status === "queued";
}

/**
 * The agent console: availability switch, the live list of my conversations (unread counts,
 * how long the customer has waited), and the conversation pane with the reply box, typing
 * indicator and resolve. One /ws/staff socket, resumed after every drop without gaps or
 * duplicates. User text is rendered only through Lit text bindings.
 */
@customElement("kefu-console")
export class KefuConsole extends LitElement {
  static override styles = [
    staffStyles,
    css`
      :host { height: 100vh; display: flex; flex-direction: column; }
      .body { flex: 1; display: grid; grid-template-columns: minmax(240px, 320px) 1fr; min-height: 0; }
      aside { border-right: 1px solid var(--line); overflow-y: auto; background: var(--soft); }
      aside h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin: 12px 14px 6px; }
      aside .empty { padding: 0 14px; color: var(--muted); }
      ul { list-style: none; margin: 0; padding: 0; }
      li button {
        width: 100%;
        text-align: left;
        border: none;
        border-bottom: 1px solid var(--line);
        border-radius: 0;
        background: transparent;
        padding: 10px 14px;
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 2px 8px;
      }
      li button[aria-current="true"] { background: var(--paper); box-shadow: inset 3px 0 0 var(--accent); }
      li .name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      li .preview { grid-column: 1 / -1; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      li .facts { grid-column: 1 / -1; font-size: 12px; color: var(--muted); display: flex; gap: 8px; }
      li .waiting { color: #9a5b00; }
      li .waiting.long { color: var(--warn); font-weight: 600; }
      .unread { background: var(--accent); color: #fff; border-radius: 10px; padding: 0 7px; font-size: 12px; height: 20px; line-height: 20px; }
      .resolved-tag { font-size: 12px; color: var(--muted); }
      section.pane { display: flex; flex-direction: column; min-height: 0; }
      .pane-head { display: flex; align-items: center; gap: 12px; padding: 10px 16px; border-bottom: 1px solid var(--line); }
      .pane-head h2 { font-size: 16px; margin: 0; flex: 1; }
      .placeholder { margin: auto; color: var(--muted); }
      .messages { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 10px; background: #fafbfc; }
      .msg { max-width: 70%; display: flex; flex-direction: column; }
      .msg.mine { align-self: flex-end; align-items: flex-end; }
      .bubble { padding: 8px 12px; border-radius: 10px; background: var(--paper); border: 1px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
      .mine .bubble { background: #e4eef6; border-color: #c9dcea; }
      .system .bubble { background: transparent; border-style: dashed; color: var(--muted); }
      .pending .bubble { opacity: 0.7; }
      .meta { font-size: 11px; color: var(--muted); margin-top: 2px; }
      .typing { padding: 4px 16px; color: var(--muted); font-style: italic; min-height: 26px; }
      .composer { display: flex; gap: 8px; padding: 10px 16px 14px; border-top: 1px solid var(--line); }
      .composer textarea { flex: 1; resize: vertical; min-height: 56px; border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
      @media (max-width: 700px) { .body { grid-template-columns: 1fr; } aside { max-height: 40vh; } }
    `,
  ];

  @state() private selectedId: number | null = null;
  @state() private problem: string | null = null;
  private readonly i18n = I18n.forBrowser();
  private readonly ids = new ClientIdSource("a");
  private readonly session: ChatSession;
  private ready = false;
  private drafts = new Map<number, string>();
  private typingSentFor: number | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private stickToBottom = true;

  constructor() {
    super();
    this.session = new ChatSession(new ChatState("agent", this.ids), this.ids, {
      prepare: async () => {
        // A session that is gone (logout elsewhere, expiry) ends in the login page, not in retries.
        const user = await currentUser();
        if (!user) {
          toLogin();
          return null;
        }
        return socketUrl(location.origin, "/ws/staff");
      },
      createSocket: browserSocket,
    });
    this.session.subscribe(() => this.onSessionChange());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    this.session.start();
    this.ticker = setInterval(() => this.requestUpdate(), 1000);
    window.addEventListener("online", this.onOnline);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.session.stop();
    if (this.ticker) clearInterval(this.ticker);
    window.removeEventListener("online", this.onOnline);
  }

  private readonly onOnline = () => this.session.socket.retryNow();

  private onSessionChange(): void {
    if (this.session.state.user) this.ready = true;
    const selected = this.selected();
    if (this.selectedId !== null && !selected) this.selectedId = null;
    if (selected && document.hasFocus()) selected.markAllRead();
    const unread = this.session.state.conversations().reduce((n, c) => n + c.unreadCount("customer"), 0);
    document.title = unread > 0 ? `(${unread}) ${this.i18n.t("console.title")}` : this.i18n.t("console.title");
    this.requestUpdate();
  }

  private selected(): ConversationLog | undefined {
    return this.selectedId === null ? undefined : this.session.state.conversation(this.selectedId);
  }

  private select(id: number): void {
    this.stopTyping();
    this.selectedId = id;
    this.stickToBottom = true;
    this.session.state.conversation(id)?.markAllRead();
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>(".composer textarea")?.focus());
  }

  private async changeStatus(event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const wanted = select.value as AgentStatus;
    try {
      this.problem = null;
      await this.session.setStatus(wanted);
      this.session.state.agentStatus = wanted;
    } catch (error) {
      this.problem = this.describe(error);
      select.value = this.session.state.agentStatus ?? "offline";
    }
    this.requestUpdate();
  }

  private async resolveSelected(): Promise<void> {
    const log = this.selected();
    if (!log) return;
    try {
      this.problem = null;
      await this.session.resolve(log.id);
    } catch (error) {
      this.problem = this.describe(error);
    }
  }

  private describe(error: unknown): string {
    return this.i18n.error(error instanceof CommandError ? error.code : "other");
  }

  private onInput(event: Event): void {
    const log = this.selected();
    if (!log) return;
    this.drafts.set(log.id, (event.target as HTMLTextAreaElement).value);
    if (this.typingSentFor !== log.id) {
      this.stopTyping();
      this.session.sendTyping(log.id, true);
      this.typingSentFor = log.id;
    }
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = null;
    if (this.typingSentFor !== null) this.session.sendTyping(this.typingSentFor, false);
    this.typingSentFor = null;
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    }
  }

  private send(): void {
    const log = this.selected();
    if (!log) return;
    const text = (this.drafts.get(log.id) ?? "").trim();
    if (!text) return;
    this.stopTyping();
    this.session.sendMessage(text.slice(0, MAX_TEXT_LENGTH), log.id);
    this.drafts.set(log.id, "");
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>(".composer textarea");
    if (box) box.value = "";
    this.stickToBottom = true;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const list = this.renderRoot.querySelector<HTMLElement>(".messages");
    if (list && this.stickToBottom) list.scrollTop = list.scrollHeight;
  }

  private onScroll(event: Event): void {
    const list = event.target as HTMLElement;
    this.stickToBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    const state = this.session.state;
    const connection = this.session.connectionState;
    return html`
      <div class="topbar" lang=${this.i18n.locale}>
        <span class="brand">${t("app.name")} · ${t("console.title")}</span>
        <span class="spacer"></span>
        ${state.user ? html`<span class="who">${state.user.name}</span>` : nothing}
        <label
          >${t("status.label")}
          <select
            class="status"
            .value=${state.agentStatus ?? "offline"}
            ?disabled=${connection !== "open"}
            @change=${this.changeStatus}
          >
            ${STATUSES.map(
              (s) => html`<option value=${s} ?selected=${s === state.agentStatus}>${t(`status.${s}`)}</option>`,
            )}
          </select></label
        >
        <button @click=${() => this.i18n.toggle()}>${t("lang.switch")}</button>
        <button @click=${() => logoutAndLeave()}>${t("logout")}</button>
      </div>
      ${connection === "waiting" || (connection === "connecting" && this.ready)
        ? html`<div class="notice" role="status">${t("conn.waiting")}</div>`
        : nothing}
      ${this.problem ? html`<div class="notice error" role="alert">${this.problem}</div>` : nothing}
      <div class="body">
        <aside>
          <h2>${t("console.conversations")}</h2>
          ${state.conversations().length === 0 ? html`<p class="empty">${t("console.none")}</p>` : nothing}
          <ul>
            ${this.sortedConversations().map((log) => this.renderListItem(log))}
          </ul>
        </aside>
        ${this.renderPane()}
      </div>
    `;
  }

  /** Open conversations first (longest waiting first), then the resolved ones. */
  private sortedConversations(): ConversationLog[] {
    const closed = (log: ConversationLog) => !isOpen(log.summary?.status ?? "assigned");
    return this.session.state
      .conversations()
      .sort((a, b) => Number(closed(a)) - Number(closed(b)));
  }

  private renderListItem(log: ConversationLog) {
    const t = this.i18n.t.bind(this.i18n);
    const unread = log.id === this.selectedId ? 0 : log.unreadCount("customer");
    const last = log.lastMessage();
    const since = log.customerWaitingSince();
    const status = log.summary?.status ?? "assigned";
    const open = isOpen(status);
    const waited = since === null ? null : (this.session.state.serverNow(Date.now()) - since) / 1000;
    return html`
      <li>
        <button
          aria-current=${log.id === this.selectedId ? "true" : "false"}
          data-conversation-id=${log.id}
          @click=${() => this.select(log.id)}
        >
          <span class="name">${this.customerName(log)}</span>
          ${unread > 0
            ? html`<span class="unread" aria-label=${t("console.unread", { count: unread })}>${unread}</span>`
            : open
              ? html`<span></span>`
              : html`<span class="resolved-tag">${t(`conv.status.${status}`)}</span>`}
          <span class="preview">${last ? last.text : ""}</span>
          <span class="facts">
            <span>${t(`channel.${log.summary?.channel ?? "chat"}`)}</span>
            ${open && waited !== null
              ? html`<span class="waiting ${waited > 120 ? "long" : ""}"
                  >${t("console.waiting", { duration: this.i18n.duration(waited) })}</span
                >`
              : nothing}
          </span>
        </button>
      </li>
    `;
  }

  private customerName(log: ConversationLog): string {
    const name = log.summary?.customer?.name ?? `${this.i18n.t("msg.customer")} #${log.id}`;
    const subject = log.summary?.channel === "ticket" ? log.summary.subject : null;
    return subject ? `${name} · ${subject}` : name;
  }

  private renderPane() {
    const t = this.i18n.t.bind(this.i18n);
    const log = this.selected();
    if (!log) return html`<section class="pane"><p class="placeholder">${t("console.pick")}</p></section>`;
    const status = log.summary?.status ?? "assigned";
    const open = isOpen(status);
    const pending = this.session.state.outbox.all().filter((p) => p.conversationId === log.id);
    return html`
      <section class="pane" aria-label=${this.customerName(log)}>
        <div class="pane-head">
          <h2>${this.customerName(log)}</h2>
          <span>${t(`conv.status.${status}`)}</span>
          <button class="primary resolve" ?disabled=${status !== "assigned"} @click=${this.resolveSelected}>
            ${t("console.resolve")}
          </button>
        </div>
        <div class="messages" @scroll=${this.onScroll}>
          ${log.messages().map((m) => this.renderMessage(m))} ${pending.map((p) => this.renderPending(p))}
        </div>
        <div class="typing" role="status">
          ${this.session.state.isTyping(log.id, Date.now()) ? t("typing.customer") : ""}
        </div>
        <div class="composer">
          <textarea
            placeholder=${t("console.reply")}
            aria-label=${t("console.reply")}
            maxlength=${MAX_TEXT_LENGTH}
            .value=${this.drafts.get(log.id) ?? ""}
            ?disabled=${!open}
            @input=${this.onInput}
            @keydown=${this.onKeyDown}
          ></textarea>
          <button class="primary send" ?disabled=${!open} @click=${this.send}>${t("console.send")}</button>
        </div>
      </section>
    `;
  }

  private renderMessage(m: ChatMessage) {
    const t = this.i18n.t.bind(this.i18n);
    const mine = m.author.kind === "agent";
    const who =
      m.author.kind === "system" ? t("msg.system") : (m.author.name ?? (mine ? t("msg.you") : t("msg.customer")));
    return html`
      <div class="msg ${mine ? "mine" : ""} ${m.author.kind}" data-seq=${m.seq}>
        <div class="bubble">${m.text}</div>
        <div class="meta">
          ${who} · <time datetime=${new Date(m.at).toISOString()}>${this.i18n.time(m.at)}</time>
        </div>
      </div>
    `;
  }

  private renderPending(p: PendingMessage) {
    const t = this.i18n.t.bind(this.i18n);
    return html`
      <div class="msg mine pending" data-client-id=${p.clientId}>
        <div class="bubble">${p.text}</div>
        <div class="meta">
          ${p.state === "failed"
            ? html`<span class="error">${t("msg.failed")}: ${this.i18n.error(p.error ?? "other")}</span>
                <button @click=${() => this.session.retryMessage(p.clientId)}>${t("msg.retry")}</button>`
            : t("msg.sending")}
        </div>
      </div>
    `;
  }
}
