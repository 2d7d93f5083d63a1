import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { I18n } from "../i18n/i18n";
import { requestJson, socketUrl, HttpError } from "../net/http";
import { browserSocket } from "../net/reconnecting_socket";
import { customerSocketProtocols } from "../net/customer_socket";
import { ChatSession } from "../state/chat_session";
import { ChatState } from "../state/chat_state";
import type { ChatMessage, ConversationLog } from "../state/conversation_log";
import { ClientIdSource, type PendingMessage } from "../state/outbox";
import { decodePending, encodePending } from "../state/outbox_storage";
import { MAX_TEXT_LENGTH } from "../protocol/types";
import { browserTokenStore, VisitorIdentity } from "./visitor_identity";
import { widgetStyles } from "./widget_styles";
import { snippetParts } from "../state/highlight";
import { renderChatText, renderMarkdown } from "../markdown/markdown_view";
import { KbLookup, KbMissing, type KbResult } from "./kb_lookup";
import "./kefu-contact-claim";
import "./kefu-widget-hours";
import { CsatState } from "../state/csat_state";
import { CareMessages } from "../state/care_messages";
import { csatStyles, renderCsat } from "./kefu-csat";
import { WidgetAttachments } from "./widget_attachments";
import type { Attachment } from "../protocol/types";

type View = "chat" | "offline" | "offline-done";

/** How long after the last keystroke "typing" is withdrawn. */
const TYPING_IDLE_MS = 3000;
/** Messages written but not yet acknowledged, kept across reloads (per browser tab). */
const OUTBOX_KEY = "kefu.widget.outbox";
/** The last seq seen per conversation, so the launcher's badge counts only what is new. */
const SEEN_KEY = "kefu.widget.seen";
/** Whether the panel is open, so a reload mid-chat keeps it open (per browser tab). */
const OPEN_KEY = "kefu.widget.open";
/** Conversations the customer chose not to rate (not asked again after a reload). */
const CSAT_DISMISSED_KEY = "kefu.widget.csat-dismissed";

/**
 * The customer chat widget: a launcher button and a chat panel, inside a shadow root so the
 * shop's CSS and the widget's never meet. It talks to the Kefu server at `server` (an origin):
 * gets a visitor token, opens /ws/customer, and keeps the conversation through reloads and
 * reconnects. All user text is rendered through Lit text bindings, never as HTML.
 */
export class KefuChatWidget extends LitElement {
  static override styles = [widgetStyles, csatStyles];
  static override properties = {
    server: { type: String },
    open: { type: Boolean, state: true },
    view: { state: true },
    ticketId: { state: true },
    offlineError: { state: true },
    offlineBusy: { state: true },
    kb: { state: true },
    kbThanks: { state: true },
    article: { state: true },
    tooLong: { state: true },
  };

  server = location.origin;
  open = false;
  view: View = "chat";
  ticketId: number | null = null;
  offlineError = false;
  offlineBusy = false;
  /** The knowledge-base articles for the current draft (null: none to show). */
  kb: KbResult | null = null;
  kbThanks = false;
  /** The article opened in full from a suggestion ("loading" while it is fetched). */
  article: KbArticleText | "loading" | "failed" | null = null;
  /** The length of a draft refused as too long (null: none refused). */
  tooLong: number | null = null;
  private readonly kbLookup = new KbLookup({
    search: (q) => this.searchKb(q),
    onResult: (result) => {
      this.kb = result && (result.articles.length > 0 || result.answer) ? result : null;
      if (this.kb) this.kbThanks = false;
    },
  });

  private readonly i18n = I18n.forBrowser();
  private identity: VisitorIdentity | null = null;
  private refreshing: Promise<string> | null = null;
  private session: ChatSession | null = null;
  private attachments: WidgetAttachments | null = null;
  private draft = "";
  private typingSentFor: number | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  /** Per conversation, the last seq the customer has seen (kept across reloads for the badge). */
  private readonly seen: Record<string, number> = readSeen();
  private stickToBottom = true;
  /** The satisfaction survey at the end of a chat (csat_request from the server). */
  private csat = new CsatState(readDismissed());
  /** The shop's care messages (care_message from the server), shown until closed. */
  private care = new CareMessages();
  private readonly csatIds = new ClientIdSource("s");

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    this.identity = new VisitorIdentity(this.server, browserTokenStore());
    // A returning visitor reconnects at once so answers arrive while the panel is closed;
    // a new visitor gets a token only when they open the chat.
    if (this.identity.known) {
      this.ensureSession();
      if (readSession(OPEN_KEY) === "1") this.open = true;
    }
    window.addEventListener("online", this.onOnline);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener("online", this.onOnline);
    this.session?.stop();
    if (this.ticker) clearInterval(this.ticker);
  }

  private readonly onOnline = () => this.session?.socket.retryNow();

  private ensureSession(): ChatSession {
    if (this.session) return this.session;
    const ids = new ClientIdSource("w");
    const state = new ChatState("customer", ids);
    for (const pending of decodePending(readSession(OUTBOX_KEY))) state.outbox.restore(pending);
    const session = new ChatSession(state, ids, {
      prepare: async () => {
        const token = await this.freshToken();
        // The token goes in Sec-WebSocket-Protocol, never in the URL (docs/protocol.md).
        return { url: socketUrl(this.server, "/ws/customer"), protocols: customerSocketProtocols(token) };
      },
      createSocket: browserSocket,
    });
    session.subscribe(() => this.onSessionChange());
    this.attachments = new WidgetAttachments(
      this.server,
      async () => this.identity?.current ?? this.freshToken(),
      () => this.requestUpdate(),
    );
    session.onEvent((event) => {
      if (this.csat.apply(event)) this.requestUpdate();
      if (this.care.apply(event)) this.requestUpdate();
      this.attachments?.apply(event);
    });
    this.session = session;
    session.start();
    this.ticker = setInterval(() => this.requestUpdate(), 1000);
    return session;
  }

  private onSessionChange(): void {
    if (this.session && this.session.connectionState !== "open") this.csat.connectionLost();
    writeSession(OUTBOX_KEY, encodePending(this.session?.state.outbox.all() ?? []));
    this.markSeen();
    this.requestUpdate();
  }

  /** Restores what was seen before a reload and, while the panel is open, marks everything seen. */
  private markSeen(): void {
    let changed = false;
    for (const log of this.session?.state.conversations() ?? []) {
      const before = this.seen[log.id] ?? 0;
      log.readThrough = Math.max(log.readThrough, before);
      if (this.open) log.markAllRead();
      if (log.readThrough > before) {
        this.seen[log.id] = log.readThrough;
        changed = true;
      }
    }
    if (changed) writeLocal(SEEN_KEY, JSON.stringify(this.seen));
  }

  /** Messages from the shop the customer has not seen yet (the launcher's badge). */
  private unseenCount(): number {
    let n = 0;
    for (const log of this.session?.state.conversations() ?? []) n += log.unreadCount("agent");
    return n;
  }

  /** Conversations oldest first, as the customer reads their history. */
  private timeline(): ConversationLog[] {
    const logs = this.session?.state.conversations() ?? [];
    return [...logs].sort((a, b) => startOf(a) - startOf(b) || a.id - b.id);
  }

  private currentConversation(): ConversationLog | null {
    const logs = this.timeline();
    return logs.length ? logs[logs.length - 1] : null;
  }

  private toggle(): void {
    this.open = !this.open;
    writeSession(OPEN_KEY, this.open ? "1" : "[]");
    if (!this.open) this.article = null;
    if (this.open) {
      this.markSeen();
      this.stickToBottom = true;
      this.ensureSession();
      this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>("textarea")?.focus());
    }
  }

  /** Esc closes the panel and gives the focus back to the launcher. */
  private onPanelKey(event: KeyboardEvent): void {
    if (event.key !== "Escape" || event.isComposing) return;
    event.preventDefault();
    this.toggle();
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(".launcher")?.focus());
  }

  private onInput(event: Event): void {
    this.draft = (event.target as HTMLTextAreaElement).value;
    if (this.tooLong !== null && characters(this.draft) <= MAX_TEXT_LENGTH) this.tooLong = null;
    this.requestUpdate();
    this.kbLookup.typed(this.draft);
    const current = this.currentConversation();
    const open = current?.summary && (current.summary.status === "queued" || current.summary.status === "assigned");
    if (!this.session || !current || !open) return;
    if (this.typingSentFor !== current.id) {
      this.session.sendTyping(current.id, true);
      this.typingSentFor = current.id;
    }
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = null;
    if (this.typingSentFor !== null) this.session?.sendTyping(this.typingSentFor, false);
    this.typingSentFor = null;
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    }
  }

  private send(): void {
    const text = this.draft.trim();
    if (!text) return;
    // Refused here with its length, never cut: the customer shortens it themselves.
    if (characters(text) > MAX_TEXT_LENGTH) {
      this.tooLong = characters(text);
      return;
    }
    this.tooLong = null;
    const session = this.ensureSession();
    this.stopTyping();
    // The server picks the conversation: the open chat, a reopened one, or a new one.
    session.sendMessage(text);
    this.kbLookup.clear();
    this.draft = "";
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>("textarea");
    if (box) box.value = "";
    this.stickToBottom = true;
  }

  /** Sends the chosen rating; the survey thanks the customer once the server acknowledges it. */
  private sendRating(): void {
    const command = this.csat.submit(this.csatIds.next());
    if (command && !this.session?.socket.send(command)) this.csat.connectionLost();
    this.requestUpdate();
  }

  /** Closes the survey; a conversation the customer did not rate is not asked about again. */
  private dismissRating(): void {
    if (this.csat.phase === "thanks") {
      this.csat.close();
    } else {
      const id = this.csat.dismiss();
      if (id !== null) writeLocal(CSAT_DISMISSED_KEY, JSON.stringify([...readDismissed(), id].slice(-50)));
    }
    this.requestUpdate();
  }

  /** One token refresh at a time: callers at the same moment share it (one visitor, not two). */
  private freshToken(): Promise<string> {
    this.refreshing ??= this.identity!.refresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /**
   * The shop vouches for its logged-in customer: `signature` is the hex HMAC-SHA256 of
   * `shopCustomerId` with the shop secret, computed on the shop's server. Sent with the visitor
   * token to POST /api/widget/identify; a refusal changes nothing.
   */
  identify(shopCustomerId: string, signature: string): Promise<boolean> {
    const identity = this.identity;
    if (!identity) return Promise.resolve(false);
    const post = async (token: string) =>
      requestJson(new URL("/api/widget/identify", this.server).toString(), {
        body: { shop_customer_id: shopCustomerId, signature },
        headers: { Authorization: `Bearer ${token}` },
        credentials: "omit",
      });
    return (async () => {
      try {
        const answer = await post(identity.current ?? (await this.freshToken()));
        const fresh = newVisitorSession(answer);
        if (fresh) {
          identity.adopt(fresh.token, fresh.visitorId);
          this.startOver();
        }
        return true;
      } catch {
        return false;
      }
    })();
  }

  /**
   * Another shop customer is signed in on this browser: the chat on screen was the previous
   * customer's, so it goes (with its unsent messages and survey) and a new session starts.
   */
  private startOver(): void {
    this.stopTyping();
    this.session?.stop();
    this.session = null;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    writeSession(OUTBOX_KEY, "[]");
    this.csat = new CsatState(readDismissed());
    this.care = new CareMessages();
    this.kbLookup.clear();
    this.draft = "";
    this.view = "chat";
    this.ticketId = null;
    this.ensureSession();
    this.requestUpdate();
  }

  /** The visitor token for the "so we can reach you" field. */
  private readonly claimTokens = {
    current: async () => this.identity?.current ?? this.freshToken(),
    fresh: () => this.freshToken(),
  };

  /** Calls GET /api/kb/search with the visitor token (a fresh one once after a 401). */
  private async searchKb(q: string): Promise<unknown> {
    const identity = this.identity!;
    const get = (token: string) =>
      requestJson(new URL(`/api/kb/search?q=${encodeURIComponent(q)}`, this.server).toString(), {
        headers: { Authorization: `Bearer ${token}` },
        credentials: "omit",
      });
    try {
      try {
        return await get(identity.current ?? (await this.freshToken()));
      } catch (error) {
        if (!(error instanceof HttpError) || error.status !== 401) throw error;
        return await get(await this.freshToken());
      }
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.status === 405)) throw new KbMissing();
      throw error;
    }
  }

  /** Tells the server whether an article helped (quietly; a missing endpoint is no problem). */
  private kbFeedback(articleId: number, helped: boolean): Promise<unknown> {
    const identity = this.identity;
    const token = identity?.current;
    if (!token) return Promise.resolve();
    return requestJson(new URL("/api/kb/feedback", this.server).toString(), {
      body: { article_id: articleId, helped },
      headers: { Authorization: `Bearer ${token}` },
      credentials: "omit",
    }).catch(() => {});
  }

  /** "This helped": the question is answered, nothing is sent to a person. */
  private answerHelped(articleId: number): void {
    this.kbFeedback(articleId, true);
    this.kbLookup.clear();
    this.kbThanks = true;
    this.draft = "";
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>(".composer textarea");
    if (box) box.value = "";
  }

  /** "Talk to a person": the automatic answer did not do; the message goes to the queue. */
  private talkToPerson(articleId: number | null): void {
    if (articleId === null) {
      this.send();
      return;
    }
    // The verdict goes first, so the agent who takes the chat sees that the answer did not help.
    const settled = this.kbFeedback(articleId, false);
    const timeout = new Promise((resolve) => setTimeout(resolve, 2000));
    void Promise.race([settled, timeout]).then(() => this.send());
  }

  private async submitTicket(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.offlineBusy = true;
    this.offlineError = false;
    try {
      const identity = this.identity!;
      const token = identity.current ?? (await this.freshToken());
      const post = (t: string) =>
        requestJson<{ conversation_id: number; seq: number }>(new URL("/api/tickets", this.server).toString(), {
          body: {
            subject: String(data.get("subject") ?? "").trim(),
            text: String(data.get("text") ?? "").trim(),
            email: String(data.get("email") ?? "").trim(),
          },
          headers: { Authorization: `Bearer ${t}` },
          credentials: "omit",
        });
      let answer;
      try {
        answer = await post(token);
      } catch (error) {
        // A token the server forgot: get a fresh one and try once more.
        if (!(error instanceof HttpError) || error.status !== 401) throw error;
        answer = await post(await this.freshToken());
      }
      this.ticketId = answer.conversation_id;
      this.view = "offline-done";
      form.reset();
    } catch {
      this.offlineError = true;
    } finally {
      this.offlineBusy = false;
    }
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

  override render(): TemplateResult {
    const t = this.i18n.t.bind(this.i18n);
    return html`
      <div class="root" lang=${this.i18n.locale}>
        ${this.open ? this.renderPanel() : nothing}
        <button
          class="launcher"
          part="launcher"
          aria-label=${this.open ? t("widget.close") : t("widget.open")}
          aria-expanded=${this.open ? "true" : "false"}
          @click=${this.toggle}
        >
          ${this.open
            ? html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" /></svg>`
            : html`<svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M4 5h16v11H9l-5 4z" />
              </svg>`}
          ${!this.open && this.unseenCount() > 0 ? html`<span class="badge">${this.unseenCount()}</span>` : nothing}
        </button>
      </div>
    `;
  }

  private renderPanel(): TemplateResult {
    const t = this.i18n.t.bind(this.i18n);
    return html`
      <section class="panel" role="dialog" aria-label=${t("widget.title")} @keydown=${this.onPanelKey}>
        <header>
          <div class="titles">
            <strong>${t("widget.title")}</strong>
            <span>${t("widget.subtitle")}</span>
          </div>
          <button class="lang" @click=${() => this.i18n.toggle()} aria-label=${t("lang.label")}>
            ${t("lang.switch")}
          </button>
          <button class="close" @click=${this.toggle} aria-label=${t("widget.close")}>×</button>
        </header>
        ${this.renderConnection()}
        ${this.view === "chat" ? (this.article ? this.renderArticle() : this.renderChat()) : this.renderOffline()}
      </section>
    `;
  }

  private renderConnection(): TemplateResult | typeof nothing {
    const state = this.session?.connectionState;
    if (state === "waiting") return html`<div class="notice" role="status">${this.i18n.t("conn.waiting")}</div>`;
    if (state === "connecting") return html`<div class="notice" role="status">${this.i18n.t("conn.connecting")}</div>`;
    return nothing;
  }

  private renderChat(): TemplateResult {
    const t = this.i18n.t.bind(this.i18n);
    const state = this.session?.state;
    const current = this.currentConversation();
    const place = current ? state?.queuePlace(current.id) : null;
    const typing = current && state?.isTyping(current.id, Date.now());
    const agentName = current?.summary?.agent?.name ?? null;
    return html`
      <div class="messages" @scroll=${this.onScroll} aria-live="polite">
        <p class="system">${t("widget.greeting")}</p>
        ${this.timeline().map((log) => this.renderConversation(log))}
        ${(state?.outbox.all() ?? []).map((p) => this.renderPending(p))}
      </div>
      <kefu-widget-hours .server=${this.server} .i18n=${this.i18n} .locale=${this.i18n.locale} @leave-message=${() => (this.view = "offline")}></kefu-widget-hours>
      ${place && place.position > 0 && place.estimatedWaitSeconds < 0
        ? html`<div class="queue nobody" role="status">
            <span>${t("widget.queue.nobody")}</span>
            <button class="link leave-message" @click=${() => (this.view = "offline")}>${t("widget.offline.link")}</button>
          </div>`
        : place && place.position > 0
        ? html`<div class="queue" role="status">
            ${place.position === 1 && place.estimatedWaitSeconds < 60
              ? t("widget.queue.now")
              : t("widget.queue", {
                  position: place.position,
                  wait: this.i18n.expectedWait(place.estimatedWaitSeconds),
                })}
          </div>`
        : current?.summary?.status === "assigned" && agentName
          ? html`<div class="queue agent" role="status">${t("widget.agentJoined", { name: agentName })}</div>`
          : nothing}
      ${typing
        ? html`<div class="typing" role="status">${t("typing.agent", { name: agentName ?? t("msg.system") })}</div>`
        : nothing}
      ${this.care.messages.map(
        (m) => html`<div class="care-message" role="status" data-care-message=${m.id}>
          <div class="kb-label">${t("widget.care.title")}</div>
          <div>${m.text}</div>
          <button class="link" @click=${() => {
            this.care.dismiss(m.id);
            this.requestUpdate();
          }}>${t("widget.care.close")}</button>
        </div>`,
      )}
      ${renderCsat(this.csat, this.i18n, {
        changed: () => this.requestUpdate(),
        send: () => this.sendRating(),
        dismiss: () => this.dismissRating(),
      })}
      ${this.renderKb()}
      <div class="composer">
        <textarea
          rows="2"
          aria-invalid=${this.tooLong !== null ? "true" : "false"}
          placeholder=${t("widget.placeholder")}
          aria-label=${t("widget.placeholder")}
          .value=${this.draft}
          @input=${this.onInput}
          @keydown=${this.onKeyDown}
        ></textarea>
        ${this.attachments?.renderButton(this.currentConversation()?.id ?? null, this.i18n) ?? nothing}
        <button class="send" @click=${this.send}>${t("widget.send")}</button>
      </div>
      ${this.renderLength()}
      ${this.attachments?.problem ? html`<div class="failed" role="alert">${this.attachments.problem}</div>` : nothing}
      <kefu-contact-claim .server=${this.server} .i18n=${this.i18n} locale=${this.i18n.locale} .tokens=${this.claimTokens}></kefu-contact-claim>
      <button class="link" @click=${() => (this.view = "offline")}>${t("widget.offline.link")}</button>
    `;
  }

  /** The draft's length near the limit, and the refusal of a draft over it. */
  private renderLength(): TemplateResult | typeof nothing {
    const t = this.i18n.t.bind(this.i18n);
    const length = characters(this.draft);
    if (this.tooLong !== null) {
      return html`<div class="failed too-long" role="alert">
        ${t("widget.tooLong", { count: length, max: MAX_TEXT_LENGTH, over: Math.max(0, length - MAX_TEXT_LENGTH) })}
      </div>`;
    }
    if (length < MAX_TEXT_LENGTH * 0.9) return nothing;
    return html`<div class="length ${length > MAX_TEXT_LENGTH ? "over" : ""}" aria-live="polite">${length} / ${MAX_TEXT_LENGTH}</div>`;
  }

  private renderKb(): TemplateResult | typeof nothing {
    const t = this.i18n.t.bind(this.i18n);
    if (this.kbThanks && !this.kb) return html`<div class="kb thanks" role="status">${t("widget.kb.thanks")}</div>`;
    const kb = this.kb;
    if (!kb) return nothing;
    const answer = kb.answer;
    return html`
      <div class="kb" role="region" aria-label=${t("widget.kb.title")}>
        ${answer
          ? html`<div class="kb-answer" data-article-id=${answer.id}>
              <div class="kb-label">${t("widget.kb.answer")}</div>
              <strong>${answer.title}</strong>
              <div class="kb-actions">
                <button class="helped" @click=${() => this.answerHelped(answer.id)}>${t("widget.kb.helped")}</button>
                <button class="person" @click=${() => this.talkToPerson(answer.id)}>${t("widget.kb.person")}</button>
              </div>
              <div class="kb-body markdown">${renderMarkdown(answer.body)}</div>
            </div>`
          : html`<div class="kb-label">${t("widget.kb.title")}</div>`}
        <ul class="kb-articles">
          ${kb.articles
            .filter((a) => a.id !== answer?.id)
            .map(
              (a) =>
                html`<li data-article-id=${a.id}>
                  <button class="kb-open" aria-label=${`${t("widget.kb.read")}: ${a.title}`} @click=${() => this.openArticle(a.id)}>
                    <strong>${a.title}</strong>
                  </button>
                  <span>${snippetParts(a.snippet).map((p) => (p.hit ? html`<mark>${p.text}</mark>` : p.text))}</span>
                </li>`,
            )}
        </ul>
      </div>
    `;
  }

  /** Opens a suggested article in full (GET /api/kb/read, only articles this visitor was shown). */
  private async openArticle(articleId: number): Promise<void> {
    this.article = "loading";
    const identity = this.identity!;
    const get = (token: string) =>
      requestJson(new URL(`/api/kb/read?article_id=${articleId}`, this.server).toString(), {
        headers: { Authorization: `Bearer ${token}` },
        credentials: "omit",
      });
    try {
      let body: unknown;
      try {
        body = await get(identity.current ?? (await this.freshToken()));
      } catch (error) {
        if (!(error instanceof HttpError) || error.status !== 401) throw error;
        body = await get(await this.freshToken());
      }
      const text = readArticleText(body);
      if (this.article === "loading") this.article = text ?? "failed";
    } catch {
      if (this.article === "loading") this.article = "failed";
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(".kb-article .back")?.focus();
  }

  private closeArticle(): void {
    this.article = null;
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>(".composer textarea")?.focus());
  }

  private renderArticle(): TemplateResult {
    const t = this.i18n.t.bind(this.i18n);
    const article = this.article;
    return html`
      <article class="kb-article" data-article-id=${typeof article === "object" && article ? article.id : nothing} lang=${typeof article === "object" && article ? (article.locale === "zh" ? "zh-CN" : "en") : nothing}>
        <button class="link back" @click=${this.closeArticle}>← ${t("widget.kb.back")}</button>
        ${article === "loading"
          ? html`<p class="system" role="status">${t("widget.kb.loading")}</p>`
          : article === "failed" || article === null
            ? html`<p class="failed" role="alert">${t("widget.kb.unavailable")}</p>`
            : html`<h2 class="kb-article-title">${article.title}</h2>
                <div class="markdown">${renderMarkdown(article.body)}</div>`}
      </article>
    `;
  }

  private renderConversation(log: ConversationLog): TemplateResult {
    const t = this.i18n.t.bind(this.i18n);
    const status = log.summary?.status;
    return html`
      ${this.linesOf(log).map((line) => ("seq" in line ? this.renderMessage(line) : this.attachments!.render(line, this.i18n)))}
      ${status === "resolved" || status === "closed" ? html`<p class="system">${t("widget.resolved")}</p>` : nothing}
    `;
  }

  /** Messages and attachments in time order. */
  private linesOf(log: ConversationLog): (ChatMessage | Attachment)[] {
    const files = this.attachments?.forConversation(log.id) ?? [];
    if (!files.length) return [...log.messages()];
    return [...log.messages(), ...files].sort((a, b) => a.at - b.at);
  }

  private renderMessage(m: ChatMessage): TemplateResult {
    const mine = m.author.kind === "customer";
    const t = this.i18n.t.bind(this.i18n);
    const who = mine ? t("msg.you") : (m.author.name ?? t("msg.system"));
    return html`
      <div class="msg ${mine ? "mine" : "theirs"}" data-seq=${m.seq}>
        <div class="bubble">${renderChatText(m.text)}</div>
        <div class="meta">
          <span>${who}</span> · <time datetime=${new Date(m.at).toISOString()}>${this.i18n.time(m.at)}</time>
          ${mine ? html` · <span class="ack">✓ ${t("msg.sent")}</span>` : nothing}
        </div>
      </div>
    `;
  }

  private renderPending(p: PendingMessage): TemplateResult {
    const t = this.i18n.t.bind(this.i18n);
    return html`
      <div class="msg mine pending" data-client-id=${p.clientId}>
        <div class="bubble">${p.text}</div>
        <div class="meta">
          ${p.state === "failed"
            ? html`<span class="failed">${t("msg.failed")}: ${this.i18n.error(p.error ?? "other")}</span> ·
                <button class="retry" @click=${() => this.session?.retryMessage(p.clientId)}>${t("msg.retry")}</button>`
            : html`<span>${t("msg.sending")}</span>`}
        </div>
      </div>
    `;
  }

  private renderOffline(): TemplateResult {
    const t = this.i18n.t.bind(this.i18n);
    if (this.view === "offline-done") {
      return html`<div class="offline">
        <p class="done" role="status">${t("widget.offline.done", { id: String(this.ticketId ?? "") })}</p>
        <button class="link" @click=${() => (this.view = "chat")}>${t("widget.offline.back")}</button>
      </div>`;
    }
    return html`
      <form class="offline" @submit=${this.submitTicket}>
        <h2>${t("widget.offline.title")}</h2>
        <p>${t("widget.offline.intro")}</p>
        <label>${t("widget.offline.subject")}<input name="subject" required maxlength="200" /></label>
        <label>${t("widget.offline.email")}<input name="email" type="email" required maxlength="254" /></label>
        <label>${t("widget.offline.text")}<textarea name="text" rows="5" required maxlength=${MAX_TEXT_LENGTH}></textarea></label>
        ${this.offlineError ? html`<p class="failed" role="alert">${t("widget.offline.error")}</p>` : nothing}
        <button class="send" type="submit" ?disabled=${this.offlineBusy}>${t("widget.offline.submit")}</button>
        <button class="link" type="button" @click=${() => (this.view = "chat")}>${t("widget.offline.back")}</button>
      </form>
    `;
  }
}

/** The characters of a text as the server counts them (code points, not UTF-16 units). */
function characters(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** When a conversation began: its summary's time, else its first message's (never its id). */
function startOf(log: ConversationLog): number {
  return log.summary?.created_at ?? log.messages()[0]?.at ?? Number.MAX_SAFE_INTEGER;
}

/** An article opened in full: GET /api/kb/read's answer. */
interface KbArticleText {
  id: number;
  title: string;
  body: string;
  locale: string;
}

function readArticleText(body: unknown): KbArticleText | null {
  if (typeof body !== "object" || body === null) return null;
  const { id, title, body: text, locale } = body as Record<string, unknown>;
  if (typeof id !== "number" || typeof title !== "string" || typeof text !== "string") return null;
  return { id, title, body: text, locale: typeof locale === "string" ? locale : "" };
}

/** The new visitor session in an identify answer ({"ok":true,"token","visitor_id"}), if any. */
function newVisitorSession(answer: unknown): { token: string; visitorId: string } | null {
  if (typeof answer !== "object" || answer === null) return null;
  const { token, visitor_id: visitorId } = answer as { token?: unknown; visitor_id?: unknown };
  return typeof token === "string" && token && typeof visitorId === "string" ? { token, visitorId } : null;
}

function readSession(key: string): string | null {
  try {
    return window.sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeSession(key: string, value: string): void {
  try {
    if (value === "[]") window.sessionStorage.removeItem(key);
    else window.sessionStorage.setItem(key, value);
  } catch {
    // Blocked storage: unacknowledged messages then last for this page only.
  }
}

function readSeen(): Record<string, number> {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(SEEN_KEY) ?? "{}");
    if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
    const seen: Record<string, number> = {};
    for (const [id, seq] of Object.entries(value)) if (Number.isInteger(seq)) seen[id] = seq as number;
    return seen;
  } catch {
    return {};
  }
}

function readDismissed(): Set<number> {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(CSAT_DISMISSED_KEY) ?? "[]");
    return new Set(Array.isArray(value) ? value.filter((id): id is number => Number.isInteger(id)) : []);
  } catch {
    return new Set();
  }
}

function writeLocal(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Blocked storage: the badge then counts from this page load.
  }
}
