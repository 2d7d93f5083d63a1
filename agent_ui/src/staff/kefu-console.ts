import { LitElement, html, css, nothing, type PropertyValues } from "lit";
import { customElement, state } from "lit/decorators.js";
import { I18n } from "../i18n/i18n";
import { socketUrl } from "../net/http";
import { browserSocket } from "../net/reconnecting_socket";
import {
  MAX_TEXT_LENGTH,
  type AgentStatus,
  type Channel,
  type ConversationStatus,
  type ServerEvent,
  ATTACHMENT_TYPES,
  type Attachment,
  type ConversationNote,
  type SuggestedArticle,
  type WhisperEvent,
} from "../protocol/types";
import { clockRisk, loadReplyTargets, loadSlaClocks, REPLY_TARGET_MS, resolutionOverdue, slaRisk, type SlaClock } from "../state/sla";
import { cannedMatches, insertCanned, replyLocale, type CannedReply } from "../state/canned_replies";
import { CustomerViews } from "../state/customer_views";
import { MailRoutes } from "../state/mail_routes";
import { mailRoute } from "./mailbox_api";
import { mailMessageStyles, renderMailText, renderReplyDelivery, sendReplyAgain } from "./mail_message";
import { Suggestions, articleReplyText, insertIntoDraft } from "../state/suggestions";
import { snippetParts } from "../state/highlight";
import { renderChatText } from "../markdown/markdown_view";
import { fitToContent } from "./reply_box";
import { renderTried, triedStyles } from "./kb_trail_view";
import { AssignmentNotice } from "./assignment_notice";
import { cannedText, fetchCannedReplies, fetchColleagues, fetchNotes, reportArticleUsed } from "./desk_api";
import {
  ConversationNotes,
  completeMention,
  mentionBeingTyped,
  mentionCandidates,
  mentionsIn,
} from "../state/conversation_notes";
import "./kefu-inbox";
import "./kefu-admin-canned";
import { conversationLanguage } from "../state/conversation_language";
import { AttachmentShelf, uploadAttachment } from "../state/attachments";
import { renderAttachment, renderMentionPicker, renderNote, renderReadOnly, threadExtrasStyles } from "./thread_extras";
import { requestJson } from "../net/http";
import type { KefuInbox } from "./kefu-inbox";
import "./kefu-past-conversation";
import { canTake, type Colleague } from "../state/colleagues";
import "./kefu-customer-panel";
import { reassignedNotice } from "./reassigned_notice";
import { NoticeBoard } from "./notice_board";
import { askForDesktopNotifications, desktopNotification, MessageAlerts } from "./message_alerts";
import { DraftStore } from "../state/drafts";
import "./kefu-my-reviews";
import "./kefu-care-tasks";
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
    threadExtrasStyles,
    triedStyles,
    mailMessageStyles,
    css`
      :host { height: 100vh; display: flex; flex-direction: column; }
      .body { flex: 1; display: grid; grid-template-columns: minmax(220px, 300px) 1fr minmax(260px, 340px); min-height: 0; }
      .my-canned { padding: 4px 14px; }
      .language { font-size: 12px; border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; color: var(--muted); }
      .my-canned summary { cursor: pointer; font-weight: 600; }
      .side { border-left: 1px solid var(--line); overflow-y: auto; background: var(--paper); }
      .side h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin: 12px 14px 6px; }
      .suggestions { padding: 0 14px 10px; border-bottom: 1px solid var(--line); }
      .suggestions .empty { color: var(--muted); font-size: 12px; }
      .article { border: 1px solid var(--line); border-radius: 8px; padding: 6px 8px; margin-bottom: 6px; }
      .article .title { font-weight: 600; overflow-wrap: anywhere; }
      .article .snippet { font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
      .article .row { display: flex; justify-content: space-between; align-items: center; gap: 6px; margin-top: 4px; }
      .article .badge { font-size: 11px; color: #3b8a3e; }
      .article.used { border-color: #3b8a3e; }
      .canned { list-style: none; margin: 0 16px; padding: 4px; border: 1px solid var(--line); border-radius: 8px; background: var(--paper); max-height: 180px; overflow-y: auto; }
      .canned li { padding: 4px 8px; border-radius: 6px; cursor: pointer; display: flex; gap: 8px; }
      .canned li[aria-selected="true"] { background: #e4eef6; }
      .canned .key { font-family: ui-monospace, monospace; color: var(--accent); }
      .hint { font-size: 11px; color: var(--muted); padding: 0 16px; }
      form.transfer { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
      form.transfer input, form.transfer select { border: 1px solid var(--line); border-radius: 6px; padding: 4px 6px; }
      form.transfer input[name=agent] { width: 80px; }
      .transfer-note { padding: 6px 16px; background: #fff4d6; font-size: 13px; }
      .reply-route { padding: 6px 16px; background: #eef3fb; font-size: 13px; overflow-wrap: anywhere; }
      .reply-route .muted { color: var(--muted); }
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
      .sla { border-radius: 10px; padding: 0 6px; font-weight: 600; }
      .sla-breached { background: #fbe3e1; color: var(--warn); }
      .priority { border-radius: 10px; padding: 0 6px; font-weight: 600; background: #ece4f6; color: #4b2a7a; }
      .sla-at_risk { background: #fff1cc; color: #7a5200; }
      .whisper { align-self: center; max-width: 80%; }
      .whisper .bubble { background: #fff7e0; border: 1px dashed #d9a400; font-style: italic; }
      .shortcuts { font-size: 11px; color: var(--muted); padding: 8px 14px; margin: 0; }
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
      .composer textarea { flex: 1; resize: vertical; min-height: 56px; max-height: 45vh; overflow-y: auto; box-sizing: border-box; border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
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
  /** Open conversations to confirm before signing out (null: not asked). */
  @state() private leaving: number | null = null;
  @state() private cannedIndex = 0;
  @state() private transferTarget = "";
  /** A conversation opened from the inbox that is not mine: shown read-only. */
  @state() private readOnlyId: number | null = null;
  /** Whether the composer writes a private note instead of a reply. */
  @state() private noteMode = false;
  private readonly notes = new ConversationNotes();
  private readonly attachments = new AttachmentShelf();
  /** The share of the file being uploaded (0..1), or null. */
  @state() private uploading: number | null = null;
  /** The colleagues picked with @ in the note being written. */
  private picked: Colleague[] = [];
  private inboxTimer: ReturnType<typeof setTimeout> | null = null;
  /** The canned replies I may use (GET /api/canned-replies), read on each welcome. */
  @state() private cannedReplies: CannedReply[] = [];
  private readonly customers = new CustomerViews();
  /** Where each e-mail conversation's replies go, and their delivery. */
  private readonly mailRoutes = new MailRoutes(mailRoute);
  private readonly suggestions = new Suggestions();
  private readonly notice = new AssignmentNotice();
  /** Supervisors' whispers by conversation (live only; the server does not keep them). */
  private readonly whispers = new Map<number, WhisperEvent[]>();
  /** Conversations known to be assigned to me (to notice new assignments). */
  private readonly mine = new Set<number>();
  private queues: string[] = [];
  /** The colleagues to transfer to (GET /api/agents), refreshed when the transfer list opens. */
  @state() private colleagues: Colleague[] = [];
  /** The SLA policies' reply targets for the badges (the defaults until read). */
  @state() private replyTargets: Record<Channel, number> = { ...REPLY_TARGET_MS };
  /** The server's SLA clocks of my conversations (GET /api/sla/clocks), refreshed every few seconds. */
  @state() private slaClocks = new Map<number, SlaClock>();
  private clocksTick = 0;
  private clocksLoading = false;
  private readonly i18n = I18n.forBrowser();
  private readonly ids = new ClientIdSource("a");
  private readonly session: ChatSession;
  private ready = false;
  /** Unsent replies, kept in this browser per agent from the welcome on. */
  private drafts = new DraftStore("", null);
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
        return { url: socketUrl(location.origin, "/ws/staff") };
      },
      createSocket: browserSocket,
    });
    this.session.subscribe(() => this.onSessionChange());
    this.session.onEvent((event) => this.onServerEvent(event));
  }

  /** Customer views, suggestions, the transfer queues and the notice of a new assignment. */
  private onServerEvent(event: ServerEvent): void {
    this.customers.apply(event);
    if (this.alerts.consider(event, this.mine, (id) => id === this.selectedId && document.hasFocus(), (name) => this.i18n.t("notify.message", { name: name || this.i18n.t("msg.customer") }))) {
      document.documentElement.dataset.kefuMessageAlerts = String(this.alerts.count);
    }
    if (this.mailRoutes.apply(event)) this.requestUpdate();
    this.suggestions.apply(event);
    if (event.type === "attachment") this.attachments.add([event.attachment]);
    if (event.type === "note" || event.type === "mention") {
      this.notes.add([event.note]);
      if (event.type === "mention") {
        const note = event.note;
        this.say(() => this.i18n.t("note.mentionYou", { name: note.author.name, text: note.text }));
        this.notice.notify(this.i18n.t("note.mentionYou", { name: event.note.author.name, text: "" }), () => this.baseTitle());
      }
      this.refreshInboxSoon();
    } else if (event.type === "conversation") {
      this.refreshInboxSoon();
    }
    if (event.type === "whisper") {
      this.whispers.set(event.conversation_id, [...(this.whispers.get(event.conversation_id) ?? []), event]);
    } else if (event.type === "status_set") {
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
      this.refreshSlaClocks();  // the clock's policy follows the new priority
    } else if (event.type === "taken_over") {
      const name = this.customers.forConversation(event.conversation_id)?.display_name ?? `#${event.conversation_id}`;
      const by = event.by.name;
      this.say(() => this.i18n.t("console.takenOver", { name: by, customer: name }));
    } else if (event.type === "welcome") {
      this.queues = Array.isArray(event.queues) ? event.queues.filter((q) => typeof q === "string") : [];
      if (event.user?.id !== undefined && this.draftsOf !== event.user.id) {
        this.draftsOf = event.user.id;
        this.drafts = new DraftStore(`kefu.console.drafts.${event.user.id}`, localStorageOrNull());
      }
      this.loadCannedReplies();
      this.refreshColleagues();
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

  private draftsOf: number | null = null;

  /** Shows a notice banner; `text` is called at each render (so it follows the language). */
  private say(text: () => string): void {
    this.notices.add(text);
  }

  private readonly toggleAlerts = () => {
    this.alerts.setMuted(!this.alerts.muted);
    if (!this.alerts.muted) askForDesktopNotifications();
    this.requestUpdate();
  };

  /** Signs out, after a warning when conversations are still open. */
  private readonly signOut = () => {
    const open = this.session.state.conversations().filter((c) => c.summary?.status === "assigned").length;
    if (open > 0 && this.leaving === null) {
      this.leaving = open;
      return;
    }
    void logoutAndLeave();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    loadReplyTargets()
      .then((targets) => (this.replyTargets = targets))
      .catch(() => {});
    this.i18n.subscribe(() => this.requestUpdate());
    this.session.start();
    this.ticker = setInterval(() => {
      if (++this.clocksTick % 5 === 0) this.refreshSlaClocks();
      this.requestUpdate();
    }, 1000);
    this.refreshSlaClocks();
    window.addEventListener("online", this.onOnline);
    window.addEventListener("focus", this.onFocus);
    window.addEventListener("keydown", this.onGlobalKey);
  }

  /** Reads the server's SLA clocks again (at most one request at a time). */
  private refreshSlaClocks(): void {
    if (this.clocksLoading) return;
    this.clocksLoading = true;
    loadSlaClocks()
      .then((clocks) => (this.slaClocks = clocks))
      .catch(() => {})
      .finally(() => (this.clocksLoading = false));
  }

  /**
   * The badge's risk: the server's clock of the conversation (its own policy, business time
   * included) while it counts the wait the console sees; the channel's target until then.
   */
  private badgeRisk(log: ConversationLog, since: number | null, now: number) {
    if (since === null) return "none";
    const clock = this.slaClocks.get(log.id);
    if (clock && clock.waiting_since === since) return clockRisk(clock, now);
    if (clock) this.refreshSlaClocks();  // another wait began: read its clock
    return slaRisk(now - since, this.replyTargets[log.summary?.channel ?? "chat"]);
  }

  private readonly onFocus = () => this.notice.stop(() => this.baseTitle());

  /** Alt+↑ / Alt+↓ move between conversations from anywhere on the page. */
  private readonly onGlobalKey = (event: KeyboardEvent) => {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    const list = this.sortedConversations();
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

  /** Reads the canned replies I may use again (quietly: the list stays as it was). */
  private loadCannedReplies(): void {
    fetchCannedReplies()
      .then((replies) => (this.cannedReplies = replies))
      .catch(() => {});
  }

  /** Reads the inbox again shortly (a burst of events reads it once). */
  private refreshInboxSoon(): void {
    if (this.inboxTimer) return;
    this.inboxTimer = setTimeout(() => {
      this.inboxTimer = null;
      void this.renderRoot.querySelector<KefuInbox>("kefu-inbox")?.refresh();
    }, 300);
  }

  /** Uploads the file picked for the selected conversation; it shows once the server has it. */
  private async attach(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    const log = this.selected();
    input.value = "";
    if (!file || !log) return;
    try {
      this.problem = null;
      this.uploading = 0;
      const name = encodeURIComponent(file.name);
      const stored = await uploadAttachment(`/api/conversations/${log.id}/attachments?name=${name}`, file, {}, (share) => (this.uploading = share));
      this.attachments.add([stored]);
    } catch (error) {
      this.problem = this.i18n.error(error instanceof Error ? error.message : "other");
    } finally {
      this.uploading = null;
    }
  }

  /** Loads a conversation's private notes (quietly: they arrive live too). */
  private loadNotes(id: number): void {
    requestJson<{ attachments?: Attachment[] }>(`/api/conversations/${id}/attachments`)
      .then((answer) => {
        this.attachments.add(answer?.attachments ?? []);
        this.requestUpdate();
      })
      .catch(() => {});
    fetchNotes(id)
      .then((notes) => {
        this.notes.add(notes);
        this.requestUpdate();
      })
      .catch(() => {});
  }

  /** A conversation picked in the inbox: mine opens live, anyone else's read-only. */
  private openFromInbox(id: number): void {
    if (this.session.state.conversation(id)) {
      this.readOnlyId = null;
      this.select(id);
      return;
    }
    this.stopTyping();
    this.selectedId = null;
    this.readOnlyId = id;
    this.loadNotes(id);
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
      this.problem = this.describe(error);
    }
  }

  private select(id: number): void {
    this.stopTyping();
    this.readOnlyId = null;
    this.loadNotes(id);
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
    this.cannedIndex = 0;
    this.requestUpdate();
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
    const mentions = this.mentionChoices(this.selected()?.id);
    if (mentions.length > 0 && !event.isComposing && (event.key === "Enter" || event.key === "Tab")) {
      event.preventDefault();
      this.pickMention(mentions[0]);
      return;
    }
    const matches = this.cannedFor(this.selected()?.id);
    if (matches.length > 0 && !event.isComposing) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : matches.length - 1;
        this.cannedIndex = (this.cannedIndex + step) % matches.length;
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        this.useCanned(matches[Math.min(this.cannedIndex, matches.length - 1)]);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        this.setDraft(`${this.drafts.get(this.selectedId ?? -1) ?? ""} `.trimStart());
        return;
      }
    }
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
    if (this.noteMode) {
      void this.writeNote(log.id, text);
      return;
    }
    this.stopTyping();
    this.session.sendMessage(text.slice(0, MAX_TEXT_LENGTH), log.id);
    this.drafts.set(log.id, "");
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>(".composer textarea");
    if (box) box.value = "";
    this.stickToBottom = true;
  }

  /** Stores a private note; the draft is kept when the server refuses it. */
  private async writeNote(conversationId: number, text: string): Promise<void> {
    try {
      this.problem = null;
      await this.session.writeNote(conversationId, text.slice(0, MAX_TEXT_LENGTH), mentionsIn(text, this.picked));
      this.picked = [];
      if (this.selectedId === conversationId) this.setDraft("");
      else this.drafts.set(conversationId, "");
    } catch (error) {
      this.problem = `${this.i18n.t("note.failed")} ${this.describe(error)}`;
    }
  }

  /** In note mode, the colleagues that complete the @word being typed. */
  private mentionChoices(conversationId: number | undefined): Colleague[] {
    if (!this.noteMode || conversationId === undefined) return [];
    const typed = mentionBeingTyped(this.drafts.get(conversationId) ?? "");
    if (typed === null) return [];
    const me = this.session.state.user?.id;
    return mentionCandidates(typed, this.colleagues.filter((c) => c.id !== me)).slice(0, 8);
  }

  private pickMention(colleague: Colleague): void {
    const log = this.selected();
    if (!log) return;
    this.picked = [...this.picked.filter((p) => p.id !== colleague.id), colleague];
    this.setDraft(completeMention(this.drafts.get(log.id) ?? "", colleague.name));
  }

  private cannedFor(conversationId: number | undefined): CannedReply[] {
    if (this.noteMode) return [];
    if (conversationId === undefined) return [];
    const log = this.session.state.conversation(conversationId);
    const language = (log && this.languageOf(log)) ?? replyLocale(this.i18n.locale);
    return cannedMatches(this.drafts.get(conversationId) ?? "", this.cannedReplies, language);
  }

  /** The customer's language on the conversation's head, once they wrote. */
  private renderLanguage(log: ConversationLog) {
    const language = this.languageOf(log);
    if (!language) return nothing;
    const t = this.i18n.t.bind(this.i18n);
    return html`<span class="language" title=${t("language.label")}>${t(`language.${language}`)}</span>`;
  }

  /** The customer's language, from what they wrote in the conversation. */
  private languageOf(log: ConversationLog): "zh" | "en" | null {
    return conversationLanguage(log.messages().filter((m) => m.author.kind === "customer").map((m) => m.text));
  }

  /** Puts the reply, its variables filled by the server for this conversation, in the draft. */
  private async useCanned(reply: CannedReply): Promise<void> {
    const log = this.selected();
    if (!log) return;
    try {
      const filled = await cannedText(reply.id, log.id);
      if (this.selectedId !== log.id) return;
      this.setDraft(insertCanned(this.drafts.get(log.id) ?? "", filled.text));
      if (filled.missing.length) this.say(() => this.i18n.t("canned.missing", { names: filled.missing.join(", ") }));
    } catch (error) {
      this.problem = this.describe(error);
    }
  }

  /** Replaces the selected conversation's draft and puts the caret at its end. */
  private setDraft(text: string): void {
    const log = this.selected();
    if (!log) return;
    this.drafts.set(log.id, text);
    this.cannedIndex = 0;
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>(".composer textarea");
    if (box) {
      box.value = text;
      box.focus();
      box.setSelectionRange(text.length, text.length);
    }
    this.requestUpdate();
  }

  /** Puts a suggested article into the reply box and tells the server it was used. */
  private insertArticle(article: SuggestedArticle): void {
    const log = this.selected();
    if (!log) return;
    this.setDraft(insertIntoDraft(this.drafts.get(log.id) ?? "", articleReplyText(article)));
    reportArticleUsed(this.suggestions.markUsed(log.id, article.id)).catch(() => {});
  }

  private async transferSelected(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const log = this.selected();
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
      this.problem = null;
      await this.session.transfer(log.id, to, note || undefined);
      this.say(() => this.i18n.t("transfer.done"));
      this.transferTarget = "";
      form.reset();
    } catch (error) {
      this.problem = this.describe(error);
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const list = this.renderRoot.querySelector<HTMLElement>(".messages");
    if (list && this.stickToBottom) list.scrollTop = list.scrollHeight;
    fitToContent(this.renderRoot.querySelector<HTMLTextAreaElement>(".composer textarea"));
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
        <button @click=${() => {
          this.i18n.toggle();
          document.dispatchEvent(new Event("kefu-locale"));
        }}>${t("lang.switch")}</button>
        <button
          class="mute"
          aria-pressed=${this.alerts.muted ? "true" : "false"}
          title=${this.alerts.muted ? t("alerts.muted") : t("alerts.on")}
          @click=${this.toggleAlerts}
        >${this.alerts.muted ? "🔕" : "🔔"} ${this.alerts.muted ? t("alerts.muted") : t("alerts.on")}</button>
        <button class="logout" @click=${this.signOut}>${t("logout")}</button>
      </div>
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
      ${this.leaving !== null
        ? html`<div class="notice leaving" role="alertdialog" aria-label=${t("logout.openTitle")}>
            <span>${t("logout.open", { count: this.leaving })}</span>
            <button class="stay" @click=${() => (this.leaving = null)}>${t("logout.stay")}</button>
            <button class="leave" @click=${() => logoutAndLeave()}>${t("logout.anyway")}</button>
          </div>`
        : nothing}
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
                ${this.sortedConversations().map((log) => this.renderListItem(log))}
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
              @canned-changed=${() => this.loadCannedReplies()}
            ></kefu-admin-canned>
          </details>
          <p class="shortcuts">${t("console.shortcuts")}</p>
        </aside>
        ${this.renderPane()} ${this.renderSide()}
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
    const risk = this.badgeRisk(log, since, this.session.state.serverNow(Date.now()));
    // The conversation's priority when it is above normal (it chose the clock's policy).
    const priority = this.slaClocks.get(log.id)?.priority;
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
            ${open && priority && priority !== "normal"
              ? html`<span class="priority" data-priority=${priority}>${t(`priority.${priority}`)}</span>`
              : nothing}
            ${open && risk !== "none" && risk !== "ok"
              ? html`<span class="sla sla-${risk}" data-sla-policy=${this.slaClocks.get(log.id)?.policy ?? ""}>${t(`sla.${risk}`)}</span>`
              : nothing}
            ${open && resolutionOverdue(this.slaClocks.get(log.id), this.session.state.serverNow(Date.now()))
              ? html`<span class="sla sla-breached resolution-overdue">${t("sla.resolutionOverdue")}</span>`
              : nothing}
          </span>
        </button>
      </li>
    `;
  }

  private customerName(log: ConversationLog): string {
    const name =
      this.customers.forConversation(log.id)?.display_name ??
      log.summary?.customer?.name ??
      `${this.i18n.t("msg.customer")} #${log.id}`;
    const subject = log.summary?.channel === "chat" ? null : log.summary?.subject;
    return subject ? `${name} · ${subject}` : name;
  }

  private renderPane() {
    const t = this.i18n.t.bind(this.i18n);
    const log = this.selected();
    if (!log && this.readOnlyId !== null) return this.renderReadOnly(this.readOnlyId);
    if (!log) return html`<section class="pane"><p class="placeholder">${t("console.pick")}</p></section>`;
    const status = log.summary?.status ?? "assigned";
    const open = isOpen(status);
    const pending = this.session.state.outbox.all().filter((p) => p.conversationId === log.id);
    return html`
      <section class="pane" aria-label=${this.customerName(log)}>
        <div class="pane-head">
          <h2>${this.customerName(log)}</h2>
          ${this.renderLanguage(log)}
          <span>${t(`conv.status.${status}`)}</span>
          ${this.renderTransfer(status === "assigned", log.summary?.channel ?? "chat")}
          <button class="primary resolve" ?disabled=${status !== "assigned"} @click=${this.resolveSelected}>
            ${t("console.resolve")}
          </button>
        </div>
        ${log.summary?.transfer_note && open
          ? html`<div class="transfer-note" role="note">${t("transfer.note")}: ${log.summary.transfer_note}</div>`
          : nothing}
        ${log.summary?.channel === "ticket" || log.summary?.channel === "email" ? this.renderReplyRoute(log) : nothing}
        <div class="messages" @scroll=${this.onScroll}>
          ${this.linesOf(log).map((line) =>
            "seq" in line
              ? this.renderMessage(line)
              : "mentions" in line
                ? this.renderNote(line)
                : "content_type" in line
                  ? this.renderAttachment(line)
                  : this.renderWhisper(line),
          )}
          ${pending.map((p) => this.renderPending(p))}
        </div>
        <div class="typing" role="status">
          ${this.session.state.isTyping(log.id, Date.now()) ? t("typing.customer") : ""}
        </div>
        ${this.renderCanned(log.id)} ${this.renderMentionPicker(log.id)}
        <div class="hint">${t("canned.hint")}</div>
        <label class="note-toggle"
          ><input
            type="checkbox"
            name="note-mode"
            .checked=${this.noteMode}
            @change=${(e: Event) => {
              this.noteMode = (e.target as HTMLInputElement).checked;
              this.stopTyping();
              if (this.noteMode) this.refreshColleagues();
            }}
          />${t("note.mode")}</label
        >
        <div class="composer ${this.noteMode ? "note-mode" : ""}">
          <textarea
            placeholder=${this.noteMode ? t("note.placeholder") : t("console.reply")}
            aria-label=${this.noteMode ? t("note.placeholder") : t("console.reply")}
            maxlength=${MAX_TEXT_LENGTH}
            .value=${this.drafts.get(log.id) ?? ""}
            ?disabled=${!open && !this.noteMode}
            @input=${this.onInput}
            @keydown=${this.onKeyDown}
            aria-autocomplete="list"
            aria-controls="canned"
          ></textarea>
          <label class="attach-button" title=${t("attach.label")}
            ><input type="file" class="attach" accept=${ATTACHMENT_TYPES} ?disabled=${!open} @change=${this.attach} hidden />📎</label
          >
          ${this.uploading !== null ? html`<progress class="upload" max="1" .value=${this.uploading}></progress>` : nothing}
          <button class="primary send" ?disabled=${!open && !this.noteMode} @click=${this.send}>
            ${this.noteMode ? t("note.add") : t("console.send")}
          </button>
        </div>
      </section>
    `;
  }

  /**
   * How the answer to a ticket reaches the customer: by e-mail to the conversation's address,
   * from the shop's mailbox, with the newest reply's delivery (an e-mail conversation, or a
   * widget ticket with an address once a mailbox is connected); else the address they left
   * (the newest email of their customer), which no mailbox sends to, or the widget only.
   */
  private renderReplyRoute(log: ConversationLog) {
    const t = this.i18n.t.bind(this.i18n);
    const route = this.mailRoutes.route(log.id, () => this.requestUpdate());
    if (route) {
      const latest = MailRoutes.latest(route);
      const mailbox = route.mailbox ? route.mailbox.address : "";
      return html`<div class="reply-route by-email" role="note">
        ${t("mail.route", { address: route.address, mailbox })}
        ${latest
          ? html`<span class="delivery delivery-${latest.state}" role="status">
              ${latest.state === "queued"
                ? latest.error
                  ? t("mail.delivery.queuedError", { error: latest.error })
                  : t("mail.delivery.queued")
                : t(`mail.delivery.${latest.state}`, { error: latest.error })}
            </span>`
          : nothing}
      </div>`;
    }
    const emails = (this.customers.forConversation(log.id)?.identities ?? []).filter((i) => i.kind === "email");
    const email = emails.length ? emails[emails.length - 1] : null;
    return html`<div class="reply-route" role="note">
      ${email
        ? html`${t("ticket.replyByEmail", { email: email.value })}${email.verified ? nothing : html` <span class="muted">(${t("customer.unverified")})</span>`}`
        : t("ticket.replyInWidget")}
    </div>`;
  }

  /** Asks the server for the colleagues' status and load (quietly: the list stays as it was). */
  private refreshColleagues(): void {
    fetchColleagues()
      .then((list) => (this.colleagues = list))
      .catch(() => {});
  }

  /** "Bob Li · online · chats 1/3 · tickets 0/5", in the console's language. */
  private colleagueLabel(c: Colleague): string {
    const t = this.i18n.t.bind(this.i18n);
    return t("transfer.colleague", {
      name: c.name,
      status: t(`status.${c.status}`),
      chats: `${c.load.chat}/${c.capacity.chat}`,
      tickets: `${c.load.ticket}/${c.capacity.ticket}`,
    });
  }

  private renderTransfer(enabled: boolean, channel: Channel) {
    const t = this.i18n.t.bind(this.i18n);
    const me = this.session.state.user?.id;
    const colleagues = this.colleagues.filter((c) => c.id !== me);
    return html`
      <form class="transfer" @submit=${this.transferSelected} aria-label=${t("transfer.label")}>
        <select
          name="target"
          aria-label=${t("transfer.label")}
          ?disabled=${!enabled}
          @focus=${this.refreshColleagues}
          @change=${(e: Event) => (this.transferTarget = (e.target as HTMLSelectElement).value)}
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
        ${this.transferTarget
          ? html`<input name="note" maxlength="1000" aria-label=${t("transfer.note")} placeholder=${t("transfer.note")} />
              <button type="submit">${t("transfer.submit")}</button>`
          : html`<input name="note" type="hidden" />`}
      </form>
    `;
  }

  private renderCanned(conversationId: number) {
    const t = this.i18n.t.bind(this.i18n);
    const matches = this.cannedFor(conversationId);
    if (matches.length === 0) return nothing;
    const active = Math.min(this.cannedIndex, matches.length - 1);
    return html`
      <ul class="canned" id="canned" role="listbox" aria-label=${t("canned.title")}>
        ${matches.map(
          (r, i) => html`<li
            role="option"
            aria-selected=${i === active ? "true" : "false"}
            @mousedown=${(e: Event) => {
              e.preventDefault();
              this.useCanned(r);
            }}
          >
            <span class="key">/${r.shortcut}</span><span>${r.title || r.body}</span>
          </li>`,
        )}
      </ul>
    `;
  }

  /** The column beside the conversation: KB suggestions and the customer panel. */
  private renderSide() {
    const t = this.i18n.t.bind(this.i18n);
    const log = this.selected();
    if (!log) return html`<div class="side"></div>`;
    const articles = this.suggestions.forConversation(log.id);
    const open = isOpen(log.summary?.status ?? "assigned");
    return html`
      <div class="side">
        <section class="suggestions" aria-label=${t("kb.suggestions")}>
          <h2>${t("kb.suggestions")}</h2>
          ${renderTried(this.suggestions.triedIn(log.id), this.i18n)}
          ${articles.length === 0 ? html`<p class="empty">${t("kb.noSuggestions")}</p>` : nothing}
          ${articles.map(
            (a) => html`<div class="article ${this.suggestions.wasUsed(log.id, a.id) ? "used" : ""} ${a.rejected ? "rejected" : ""}" data-article-id=${a.id}>
              <div class="title">${a.title}</div>
              <div class="snippet">${snippetParts(a.snippet).map((p) => (p.hit ? html`<mark>${p.text}</mark>` : p.text))}</div>
              <div class="row">
                ${a.rejected
                  ? html`<span class="rejected-badge">${t("kb.rejected")}</span>`
                  : html`<span class="badge">${a.confident ? t("kb.confident") : ""}</span>`}
                <button class="insert" ?disabled=${!open} @click=${() => this.insertArticle(a)}>${t("kb.insert")}</button>
              </div>
            </div>`,
          )}
        </section>
        <h2>${t("customer.title")}</h2>
        <kefu-customer-panel .i18n=${this.i18n} locale=${this.i18n.locale} .conversationId=${log.id} .view=${this.customers.forConversation(log.id)} .user=${this.session.state.user}></kefu-customer-panel>
      </div>
    `;
  }

  private renderMessage(m: ChatMessage) {
    const t = this.i18n.t.bind(this.i18n);
    const mine = m.author.kind === "agent";
    const who =
      m.author.kind === "system" ? t("msg.system") : (m.author.name ?? (mine ? t("msg.you") : t("msg.customer")));
    const byMail = this.session.state.conversation(m.conversationId)?.summary?.channel === "email";
    return html`
      <div class="msg ${mine ? "mine" : ""} ${m.author.kind}" data-seq=${m.seq}>
        <div class="bubble">${byMail && m.author.kind === "customer" ? renderMailText(m.text, this.i18n) : renderChatText(m.text)}</div>
        <div class="meta">
          ${who} · <time datetime=${new Date(m.at).toISOString()}>${this.i18n.time(m.at)}</time>
        </div>
        ${mine && byMail
          ? renderReplyDelivery(
              this.mailRoutes.route(m.conversationId, () => this.requestUpdate()),
              m.seq,
              this.i18n,
              (seq) => this.sendAgain(m.conversationId, seq),
            )
          : nothing}
      </div>
    `;
  }

  /** "Send again" on an uncertain e-mail reply: only on the agent's click, never by itself. */
  private sendAgain(conversationId: number, seq: number): void {
    sendReplyAgain(conversationId, seq)
      .then(() => {
        this.mailRoutes.apply({
          type: "mail_delivery",
          conversation_id: conversationId,
          seq,
          state: "queued",
          attempts: 0,
          error: "",
          recipient: "",
        });
        this.requestUpdate();
      })
      .catch((error: unknown) => {
        this.problem = this.i18n.t("mail.sendAgainFailed", { code: (error as { code?: string }).code ?? "network" });
      });
  }

  /** Messages and the supervisors' whispers of a conversation, in time order. */
  private linesOf(log: ConversationLog): (ChatMessage | WhisperEvent | ConversationNote | Attachment)[] {
    const whispers = this.whispers.get(log.id) ?? [];
    const notes = this.notes.forConversation(log.id);
    const files = this.attachments.forConversation(log.id);
    if (!whispers.length && !notes.length && !files.length) return [...log.messages()];
    return [...log.messages(), ...whispers, ...notes, ...files].sort((a, b) => a.at - b.at);
  }

  private renderAttachment(a: Attachment) {
    return renderAttachment(a, this.i18n);
  }

  private renderNote(n: ConversationNote) {
    return renderNote(n, this.i18n);
  }

  private renderMentionPicker(conversationId: number) {
    return renderMentionPicker(this.mentionChoices(conversationId), this.i18n, (c) => this.pickMention(c));
  }

  /** A conversation that is not mine, opened from the inbox: transcript and notes, read-only. */
  private renderReadOnly(id: number) {
    return renderReadOnly(id, this.notes.forConversation(id), this.i18n, () => (this.readOnlyId = null));
  }

  private renderWhisper(w: WhisperEvent) {
    const t = this.i18n.t.bind(this.i18n);
    return html`
      <div class="msg whisper" role="note">
        <div class="bubble">${w.text}</div>
        <div class="meta">
          ${t("supervision.whisperFrom", { name: w.author.name })} ·
          <time datetime=${new Date(w.at).toISOString()}>${this.i18n.time(w.at)}</time>
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

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
