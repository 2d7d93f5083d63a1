import { LitElement, html, css, nothing, type PropertyValues } from "lit";
import { customElement, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { I18n } from "../i18n/i18n";
import { socketUrl } from "../net/http";
import { browserSocket } from "../net/reconnecting_socket";
import type { ServerEvent, SuggestedArticle } from "../protocol/types";
import { CustomerViews } from "../state/customer_views";
import { mailMessageStyles } from "./mail_message";
import { Suggestions, articleReplyText } from "../state/suggestions";
import { triedStyles } from "./kb_trail_view";
import { AssignmentNotice } from "./assignment_notice";
import { reportArticleUsed } from "./desk_api";
import "./kefu-inbox";
import "./kefu-admin-canned";
import { renderReadOnly, threadExtrasStyles } from "./thread_extras";
import type { KefuInbox } from "./kefu-inbox";
import { reassignedNotice } from "./reassigned_notice";
import { NoticeBoard } from "./notice_board";
import { desktopNotification, MessageAlerts } from "./message_alerts";
import "./kefu-my-reviews";
import "./kefu-care-tasks";
import { ChatSession } from "../state/chat_session";
import { ChatState } from "../state/chat_state";
import type { ConversationLog } from "../state/conversation_log";
import { ClientIdSource } from "../state/outbox";
import { currentUser, toLogin } from "./staff_api";
import { staffStyles } from "./staff_styles";
import { customerLanguage, describeProblem, type ConsoleParts } from "./console_parts";
import { ConversationSlaClocks } from "./conversation_sla_clocks";
import {
  conversationListStyles,
  customerName,
  isOpen,
  renderConversationItem,
  sortConversations,
} from "./conversation_list";
import { ConversationThread, conversationThreadStyles } from "./conversation_thread";
import { ReplyComposer, replyComposerStyles } from "./reply_composer";
import { TransferForm, transferFormStyles } from "./transfer_form";
import { conversationSideStyles, renderConversationSide } from "./conversation_side";
import { ConsoleTopbar } from "./console_topbar";

/**
 * The agent console: availability switch, the live list of my conversations (unread counts,
 * how long the customer has waited), and the conversation pane with the reply box, typing
 * indicator and resolve. One /ws/staff socket, resumed after every drop without gaps or
 * duplicates. User text is rendered only through Lit text bindings.
 *
 * Its parts, each in a file of its own, all drawn into this element's one shadow root: the top
 * bar (console_topbar.ts), the list (conversation_list.ts) with its SLA badges
 * (conversation_sla_clocks.ts), the thread (conversation_thread.ts), the reply box
 * (reply_composer.ts), the transfer form (transfer_form.ts) and the column of suggestions and
 * the customer view (conversation_side.ts). This element holds the session, routes the server's
 * frames to the parts and lays them out.
 */
@customElement("kefu-console")
export class KefuConsole extends LitElement {
  static override styles = [
    staffStyles,
    threadExtrasStyles,
    triedStyles,
    mailMessageStyles,
    conversationSideStyles,
    replyComposerStyles,
    transferFormStyles,
    conversationThreadStyles,
    conversationListStyles,
    css`
      :host { height: 100vh; display: flex; flex-direction: column; }
      .body { flex: 1; display: grid; grid-template-columns: minmax(220px, 300px) 1fr minmax(260px, 340px); min-height: 0; }
      .my-canned { padding: 4px 14px; }
      .language { font-size: 12px; border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; color: var(--muted); }
      .my-canned summary { cursor: pointer; font-weight: 600; }
      aside { border-right: 1px solid var(--line); overflow-y: auto; background: var(--soft); }
      aside h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin: 12px 14px 6px; }
      aside .empty { padding: 0 14px; color: var(--muted); }
      .shortcuts { font-size: 11px; color: var(--muted); padding: 8px 14px; margin: 0; }
      section.pane { display: flex; flex-direction: column; min-height: 0; }
      .pane-head { display: flex; align-items: center; gap: 12px; padding: 10px 16px; border-bottom: 1px solid var(--line); }
      .pane-head h2 { font-size: 16px; margin: 0; flex: 1; }
      .placeholder { margin: auto; color: var(--muted); }
      @media (max-width: 1000px) { .body { grid-template-columns: minmax(200px, 260px) 1fr; } .side { grid-column: 1 / -1; border-left: none; border-top: 1px solid var(--line); } }
      @media (max-width: 700px) { .body { grid-template-columns: 1fr; } aside { max-height: 40vh; } }
    `,
  ];

  @state() private selectedId: number | null = null;
  @state() private problem: string | null = null;
  /** Notice banners: dismissable, gone on their own, written in the language chosen now. */
  private readonly notices = new NoticeBoard(() => this.requestUpdate());
  /** Sound and desktop notification for customers' new messages, with a remembered mute. */
  private readonly alerts = new MessageAlerts({ beep: () => this.notice.beep(), desktop: desktopNotification });
  /** A conversation opened from the inbox that is not mine: shown read-only. */
  @state() private readOnlyId: number | null = null;
  private inboxTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly customers = new CustomerViews();
  private readonly suggestions = new Suggestions();
  private readonly notice = new AssignmentNotice();
  /** Conversations known to be assigned to me (to notice new assignments). */
  private readonly mine = new Set<number>();
  private readonly i18n = I18n.forBrowser();
  private readonly ids = new ClientIdSource("a");
  private readonly session: ChatSession;
  private ready = false;
  private ticker: ReturnType<typeof setInterval> | null = null;
  /** What the parts below share of the console. */
  private readonly parts: ConsoleParts;
  private readonly clocks = new ConversationSlaClocks(() => this.requestUpdate());
  private readonly thread: ConversationThread;
  private readonly transfer: TransferForm;
  private readonly composer: ReplyComposer;
  private readonly topbar: ConsoleTopbar;

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
        return { url: socketUrl(location.origin, "/ws/staff") };
      },
      createSocket: browserSocket,
    });
    this.parts = {
      session: this.session,
      i18n: this.i18n,
      selected: () => this.selected(),
      say: (text) => this.say(text),
      setProblem: (text) => (this.problem = text),
      requestUpdate: () => this.requestUpdate(),
    };
    this.thread = new ConversationThread(this.parts, this.customers);
    this.transfer = new TransferForm(this.parts);
    this.topbar = new ConsoleTopbar(this.parts, this.alerts);
    this.composer = new ReplyComposer(this.parts, {
      root: () => this.renderRoot,
      colleagues: () => this.transfer.colleagues,
      refreshColleagues: () => this.transfer.refreshColleagues(),
      attachments: this.thread.attachments,
      sent: () => this.thread.followNewest(),
    });
    this.session.subscribe(() => this.onSessionChange());
    this.session.onEvent((event) => this.onServerEvent(event));
  }

  /** Customer views, suggestions, the thread's extras, the transfer queues and the notices. */
  private onServerEvent(event: ServerEvent): void {
    this.customers.apply(event);
    if (this.alerts.consider(event, this.mine, (id) => id === this.selectedId && document.hasFocus(), (name) => this.i18n.t("notify.message", { name: name || this.i18n.t("msg.customer") }))) {
      document.documentElement.dataset.kefuMessageAlerts = String(this.alerts.count);
    }
    this.thread.apply(event);
    this.suggestions.apply(event);
    if (event.type === "mention") {
      const note = event.note;
      this.say(() => this.i18n.t("note.mentionYou", { name: note.author.name, text: note.text }));
      this.notice.notify(this.i18n.t("note.mentionYou", { name: event.note.author.name, text: "" }), () => this.baseTitle());
    }
    if (event.type === "note" || event.type === "mention" || event.type === "conversation") this.refreshInboxSoon();
    if (event.type === "status_set") {
      const set = event;
      this.say(() => {
        const status = set.status === "online" || set.status === "away" || set.status === "offline" ? this.i18n.t(`status.${set.status}`) : set.status;
        return this.i18n.t("console.statusSet", { name: set.by.name, status, reason: set.reason });
      });
    } else if (event.type === "reassigned") {
      const moved = event;
      const me = this.session.state.user?.id;
      this.say(() => reassignedNotice(this.i18n, moved, me));
    } else if (event.type === "conversation_priority") {
      this.clocks.refresh(); // the clock's policy follows the new priority
    } else if (event.type === "taken_over") {
      const name = this.customers.forConversation(event.conversation_id)?.display_name ?? `#${event.conversation_id}`;
      const by = event.by.name;
      this.say(() => this.i18n.t("console.takenOver", { name: by, customer: name }));
    } else if (event.type === "welcome") {
      this.transfer.queues = Array.isArray(event.queues) ? event.queues.filter((q) => typeof q === "string") : [];
      if (event.user?.id !== undefined) this.composer.useDraftsOf(event.user.id);
      this.composer.loadCannedReplies();
      this.transfer.refreshColleagues();
      for (const c of event.conversations ?? []) if (c.status === "assigned") this.mine.add(c.id);
    } else if (event.type === "conversation") {
      const c = event.conversation;
      const me = this.session.state.user?.id;
      const assignedToMe = c.status === "assigned" && (me === undefined || c.agent?.id === undefined || c.agent?.id === me);
      if (assignedToMe && !this.mine.has(c.id)) {
        this.mine.add(c.id);
        this.notice.notify(this.i18n.t("notify.assigned"), () => this.baseTitle());
      } else if (!assignedToMe) {
        this.mine.delete(c.id);
      }
    }
  }

  /** Shows a notice banner; `text` is called at each render (so it follows the language). */
  private say(text: () => string): void {
    this.notices.add(text);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    this.session.start();
    this.ticker = setInterval(() => {
      this.clocks.onSecond();
      this.requestUpdate();
    }, 1000);
    this.clocks.start();
    window.addEventListener("online", this.onOnline);
    window.addEventListener("focus", this.onFocus);
    window.addEventListener("keydown", this.onGlobalKey);
  }

  private readonly onFocus = () => this.notice.stop(() => this.baseTitle());

  /** Alt+↑ / Alt+↓ move between conversations from anywhere on the page. */
  private readonly onGlobalKey = (event: KeyboardEvent) => {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    const list = sortConversations(this.session.state);
    if (list.length === 0) return;
    event.preventDefault();
    const at = list.findIndex((c) => c.id === this.selectedId);
    const next = event.key === "ArrowDown" ? Math.min(list.length - 1, at + 1) : Math.max(0, at < 0 ? 0 : at - 1);
    this.select(list[next].id);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.session.stop();
    if (this.ticker) clearInterval(this.ticker);
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("focus", this.onFocus);
    window.removeEventListener("keydown", this.onGlobalKey);
  }

  private readonly onOnline = () => this.session.socket.retryNow();

  private onSessionChange(): void {
    if (this.session.state.user) this.ready = true;
    const selected = this.selected();
    if (this.selectedId !== null && !selected) this.selectedId = null;
    if (selected && document.hasFocus()) selected.markAllRead();
    if (!this.notice.blinking) document.title = this.baseTitle();
    this.requestUpdate();
  }

  /** The page title: unread count and the console's name. */
  private baseTitle(): string {
    const unread = this.session.state.conversations().reduce((n, c) => n + c.unreadCount("customer"), 0);
    return unread > 0 ? `(${unread}) ${this.i18n.t("console.title")}` : this.i18n.t("console.title");
  }

  private selected(): ConversationLog | undefined {
    return this.selectedId === null ? undefined : this.session.state.conversation(this.selectedId);
  }

  /** Reads the inbox again shortly (a burst of events reads it once). */
  private refreshInboxSoon(): void {
    if (this.inboxTimer) return;
    this.inboxTimer = setTimeout(() => {
      this.inboxTimer = null;
      void this.renderRoot.querySelector<KefuInbox>("kefu-inbox")?.refresh();
    }, 300);
  }

  /** A conversation picked in the inbox: mine opens live, anyone else's read-only. */
  private openFromInbox(id: number): void {
    if (this.session.state.conversation(id)) {
      this.readOnlyId = null;
      this.select(id);
      return;
    }
    this.composer.stopTyping();
    this.selectedId = null;
    this.readOnlyId = id;
    this.thread.load(id);
  }

  /** Takes a waiting conversation from the Unassigned view; the server says whether I may. */
  private async pickUp(id: number): Promise<void> {
    try {
      this.problem = null;
      await this.session.pickUp(id);
      this.say(() => this.i18n.t("inbox.pickedUp"));
      this.refreshInboxSoon();
      if (this.session.state.conversation(id)) this.select(id);
    } catch (error) {
      this.problem = describeProblem(this.i18n, error);
    }
  }

  private select(id: number): void {
    this.composer.stopTyping();
    this.readOnlyId = null;
    this.thread.load(id);
    this.selectedId = id;
    this.thread.followNewest();
    this.session.state.conversation(id)?.markAllRead();
    this.updateComplete.then(() => this.composer.textarea()?.focus());
  }

  private async resolveSelected(): Promise<void> {
    const log = this.selected();
    if (!log) return;
    try {
      this.problem = null;
      await this.session.resolve(log.id);
    } catch (error) {
      this.problem = describeProblem(this.i18n, error);
    }
  }

  /** Puts a suggested article into the reply box and tells the server it was used. */
  private insertArticle(article: SuggestedArticle): void {
    const log = this.selected();
    if (!log) return;
    this.composer.insert(articleReplyText(article));
    reportArticleUsed(this.suggestions.markUsed(log.id, article.id)).catch(() => {});
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.thread.scroll(this.renderRoot);
    this.composer.fit();
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    const state = this.session.state;
    const connection = this.session.connectionState;
    return html`
      ${this.topbar.render()}
      ${connection === "waiting" || (connection === "connecting" && this.ready)
        ? html`<div class="notice" role="status">${t("conn.waiting")}</div>`
        : nothing}
      ${this.problem ? html`<div class="notice error" role="alert">${this.problem}</div>` : nothing}
      ${this.notices.current.map(
        (n) => html`<div class="notice info" role="status" data-notice-id=${n.id}>
          <span class="notice-text">${n.text()}</span>
          <button class="dismiss" aria-label=${t("notice.dismiss")} title=${t("notice.dismiss")} @click=${() => this.notices.dismiss(n.id)}>×</button>
        </div>`,
      )}
      ${this.topbar.renderLeaving()}
      <div class="body">
        <aside>
          <kefu-inbox
            .i18n=${this.i18n}
            locale=${this.i18n.locale}
            .selectedId=${this.selectedId ?? this.readOnlyId}
            @open-conversation=${(e: CustomEvent<{ id: number }>) => this.openFromInbox(e.detail.id)}
            @pick-up=${(e: CustomEvent<{ id: number }>) => this.pickUp(e.detail.id)}
          >
            <div slot="live">
              <h2>${t("console.conversations")}</h2>
              ${state.conversations().length === 0 ? html`<p class="empty">${t("console.none")}</p>` : nothing}
              <ul>
                ${repeat(sortConversations(state), (log) => log.id, (log) =>
                  renderConversationItem(log, {
                    i18n: this.i18n,
                    state,
                    customers: this.customers,
                    clocks: this.clocks,
                    selectedId: this.selectedId,
                    select: (id) => this.select(id),
                  }),
                )}
              </ul>
            </div>
          </kefu-inbox>
          <kefu-care-tasks></kefu-care-tasks>
          <kefu-my-reviews></kefu-my-reviews>
          <details class="my-canned">
            <summary>${t("canned.mine.title")}</summary>
            <kefu-admin-canned
              scope="personal"
              .i18n=${this.i18n}
              @canned-changed=${() => this.composer.loadCannedReplies()}
            ></kefu-admin-canned>
          </details>
          <p class="shortcuts">${t("console.shortcuts")}</p>
        </aside>
        ${this.renderPane()}
        ${renderConversationSide(this.selected(), {
          i18n: this.i18n,
          suggestions: this.suggestions,
          customers: this.customers,
          user: state.user,
          insertArticle: (a) => this.insertArticle(a),
        })}
      </div>
    `;
  }

  /** The conversation on screen: its head (language, status, transfer, resolve), thread and reply box. */
  private renderPane() {
    const t = this.i18n.t.bind(this.i18n);
    const log = this.selected();
    if (!log && this.readOnlyId !== null) {
      return renderReadOnly(this.readOnlyId, this.thread.notes.forConversation(this.readOnlyId), this.i18n, () => (this.readOnlyId = null));
    }
    if (!log) return html`<section class="pane"><p class="placeholder">${t("console.pick")}</p></section>`;
    const status = log.summary?.status ?? "assigned";
    const open = isOpen(status);
    const name = customerName(log, this.customers, this.i18n);
    return html`
      <section class="pane" aria-label=${name}>
        <div class="pane-head">
          <h2>${name}</h2>
          ${this.renderLanguage(log)}
          <span>${t(`conv.status.${status}`)}</span>
          ${this.transfer.render(status === "assigned", log.summary?.channel ?? "chat")}
          <button class="primary resolve" ?disabled=${status !== "assigned"} @click=${this.resolveSelected}>
            ${t("console.resolve")}
          </button>
        </div>
        ${log.summary?.transfer_note && open
          ? html`<div class="transfer-note" role="note">${t("transfer.note")}: ${log.summary.transfer_note}</div>`
          : nothing}
        ${log.summary?.channel === "ticket" || log.summary?.channel === "email" ? this.thread.renderReplyRoute(log) : nothing}
        ${this.thread.render(log)} ${this.composer.render(log, open)}
      </section>
    `;
  }

  /** The customer's language on the conversation's head, once they wrote. */
  private renderLanguage(log: ConversationLog) {
    const language = customerLanguage(log);
    if (!language) return nothing;
    const t = this.i18n.t.bind(this.i18n);
    return html`<span class="language" title=${t("language.label")}>${t(`language.${language}`)}</span>`;
  }
}
