import { css, html, nothing } from "lit";
import { renderChatText } from "../markdown/markdown_view";
import type { Attachment, ConversationNote, ServerEvent, WhisperEvent } from "../protocol/types";
import { requestJson } from "../net/http";
import { AttachmentShelf } from "../state/attachments";
import type { ChatMessage, ConversationLog } from "../state/conversation_log";
import { ConversationNotes } from "../state/conversation_notes";
import type { CustomerViews } from "../state/customer_views";
import { MailRoutes } from "../state/mail_routes";
import type { PendingMessage } from "../state/outbox";
import type { ConsoleParts } from "./console_parts";
import { fetchNotes } from "./desk_api";
import { renderMailText, renderReplyDelivery, sendReplyAgain } from "./mail_message";
import { mailRoute } from "./mailbox_api";
import { renderAttachment, renderNote } from "./thread_extras";

// The thread of the conversation on the agent's screen: the customer's and my messages (those
// still on their way with a retry), the supervisors' whispers, private notes and attachments in
// time order, how a ticket's answer reaches the customer, and the customer typing. All text
// through Lit bindings.

export const conversationThreadStyles = css`
  .transfer-note { padding: 6px 16px; background: #fff4d6; font-size: 13px; }
  .reply-route { padding: 6px 16px; background: #eef3fb; font-size: 13px; overflow-wrap: anywhere; }
  .reply-route .muted { color: var(--muted); }
  .whisper { align-self: center; max-width: 80%; }
  .whisper .bubble { background: #fff7e0; border: 1px dashed #d9a400; font-style: italic; }
  .messages { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 10px; background: #fafbfc; }
  .msg { max-width: 70%; display: flex; flex-direction: column; }
  .msg.mine { align-self: flex-end; align-items: flex-end; }
  .bubble { padding: 8px 12px; border-radius: 10px; background: var(--paper); border: 1px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
  .mine .bubble { background: #e4eef6; border-color: #c9dcea; }
  .system .bubble { background: transparent; border-style: dashed; color: var(--muted); }
  .pending .bubble { opacity: 0.7; }
  .meta { font-size: 11px; color: var(--muted); margin-top: 2px; }
  .typing { padding: 4px 16px; color: var(--muted); font-style: italic; min-height: 26px; }
`;

/**
 * What the console holds beside the session's messages for each conversation, and how its
 * thread is drawn. Whispers are live only (the server does not keep them); notes and
 * attachments are read when a conversation opens and arrive live too.
 */
export class ConversationThread {
  /** Supervisors' whispers by conversation (live only; the server does not keep them). */
  private readonly whispers = new Map<number, WhisperEvent[]>();
  readonly notes = new ConversationNotes();
  readonly attachments = new AttachmentShelf();
  /** Where each e-mail conversation's replies go, and their delivery. */
  readonly mailRoutes = new MailRoutes(mailRoute);
  /** Whether the thread follows the newest line (false once the agent scrolled up). */
  private stickToBottom = true;

  constructor(
    private readonly parts: ConsoleParts,
    private readonly customers: CustomerViews,
  ) {}

  /** Takes what a server frame adds to a thread: an attachment, a note, a whisper, a delivery. */
  apply(event: ServerEvent): void {
    if (this.mailRoutes.apply(event)) this.parts.requestUpdate();
    if (event.type === "attachment") this.attachments.add([event.attachment]);
    if (event.type === "note" || event.type === "mention") this.notes.add([event.note]);
    if (event.type === "whisper") {
      this.whispers.set(event.conversation_id, [...(this.whispers.get(event.conversation_id) ?? []), event]);
    }
  }

  /** Loads a conversation's attachments and private notes (quietly: they arrive live too). */
  load(id: number): void {
    requestJson<{ attachments?: Attachment[] }>(`/api/conversations/${id}/attachments`)
      .then((answer) => {
        this.attachments.add(answer?.attachments ?? []);
        this.parts.requestUpdate();
      })
      .catch(() => {});
    fetchNotes(id)
      .then((notes) => {
        this.notes.add(notes);
        this.parts.requestUpdate();
      })
      .catch(() => {});
  }

  /** From now on the thread shows its newest line (a conversation opened, a reply sent). */
  followNewest(): void {
    this.stickToBottom = true;
  }

  /** After a render: keeps the newest line in sight unless the agent scrolled up. */
  scroll(root: ParentNode): void {
    const list = root.querySelector<HTMLElement>(".messages");
    if (list && this.stickToBottom) list.scrollTop = list.scrollHeight;
  }

  private readonly onScroll = (event: Event) => {
    const list = event.target as HTMLElement;
    this.stickToBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  };

  /** The messages, whispers, notes and attachments of the conversation, then the customer typing. */
  render(log: ConversationLog) {
    const t = this.parts.i18n.t.bind(this.parts.i18n);
    const state = this.parts.session.state;
    const pending = state.outbox.all().filter((p) => p.conversationId === log.id);
    return html`
      <div class="messages" @scroll=${this.onScroll}>
        ${this.linesOf(log).map((line) =>
          "seq" in line
            ? this.renderMessage(line)
            : "mentions" in line
              ? renderNote(line, this.parts.i18n)
              : "content_type" in line
                ? renderAttachment(line, this.parts.i18n)
                : this.renderWhisper(line),
        )}
        ${pending.map((p) => this.renderPending(p))}
      </div>
      <div class="typing" role="status">${state.isTyping(log.id, Date.now()) ? t("typing.customer") : ""}</div>
    `;
  }

  /**
   * How the answer to a ticket reaches the customer: by e-mail to the conversation's address,
   * from the shop's mailbox, with the newest reply's delivery (an e-mail conversation, or a
   * widget ticket with an address once a mailbox is connected); else the address they left
   * (the newest email of their customer), which no mailbox sends to, or the widget only.
   */
  renderReplyRoute(log: ConversationLog) {
    const t = this.parts.i18n.t.bind(this.parts.i18n);
    const route = this.mailRoutes.route(log.id, () => this.parts.requestUpdate());
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

  /** Messages and the supervisors' whispers of a conversation, in time order. */
  private linesOf(log: ConversationLog): (ChatMessage | WhisperEvent | ConversationNote | Attachment)[] {
    const whispers = this.whispers.get(log.id) ?? [];
    const notes = this.notes.forConversation(log.id);
    const files = this.attachments.forConversation(log.id);
    if (!whispers.length && !notes.length && !files.length) return [...log.messages()];
    return [...log.messages(), ...whispers, ...notes, ...files].sort((a, b) => a.at - b.at);
  }

  private renderMessage(m: ChatMessage) {
    const i18n = this.parts.i18n;
    const t = i18n.t.bind(i18n);
    const mine = m.author.kind === "agent";
    const who =
      m.author.kind === "system" ? t("msg.system") : (m.author.name ?? (mine ? t("msg.you") : t("msg.customer")));
    const byMail = this.parts.session.state.conversation(m.conversationId)?.summary?.channel === "email";
    return html`
      <div class="msg ${mine ? "mine" : ""} ${m.author.kind}" data-seq=${m.seq}>
        <div class="bubble">${byMail && m.author.kind === "customer" ? renderMailText(m.text, i18n) : renderChatText(m.text)}</div>
        <div class="meta">
          ${who} · <time datetime=${new Date(m.at).toISOString()}>${i18n.time(m.at)}</time>
        </div>
        ${mine && byMail
          ? renderReplyDelivery(
              this.mailRoutes.route(m.conversationId, () => this.parts.requestUpdate()),
              m.seq,
              i18n,
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
        this.parts.requestUpdate();
      })
      .catch((error: unknown) => {
        this.parts.setProblem(
          this.parts.i18n.t("mail.sendAgainFailed", { code: (error as { code?: string }).code ?? "network" }),
        );
      });
  }

  private renderWhisper(w: WhisperEvent) {
    const i18n = this.parts.i18n;
    return html`
      <div class="msg whisper" role="note">
        <div class="bubble">${w.text}</div>
        <div class="meta">
          ${i18n.t("supervision.whisperFrom", { name: w.author.name })} ·
          <time datetime=${new Date(w.at).toISOString()}>${i18n.time(w.at)}</time>
        </div>
      </div>
    `;
  }

  private renderPending(p: PendingMessage) {
    const i18n = this.parts.i18n;
    const t = i18n.t.bind(i18n);
    return html`
      <div class="msg mine pending" data-client-id=${p.clientId}>
        <div class="bubble">${p.text}</div>
        <div class="meta">
          ${p.state === "failed"
            ? html`<span class="error">${t("msg.failed")}: ${i18n.error(p.error ?? "other")}</span>
                <button @click=${() => this.parts.session.retryMessage(p.clientId)}>${t("msg.retry")}</button>`
            : t("msg.sending")}
        </div>
      </div>
    `;
  }
}
