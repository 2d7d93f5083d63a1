import { css, html, nothing } from "lit";
import { ATTACHMENT_TYPES, MAX_TEXT_LENGTH } from "../protocol/types";
import { uploadAttachment, type AttachmentShelf } from "../state/attachments";
import { cannedMatches, insertCanned, replyLocale, type CannedReply } from "../state/canned_replies";
import type { Colleague } from "../state/colleagues";
import { completeMention, mentionBeingTyped, mentionCandidates, mentionsIn } from "../state/conversation_notes";
import type { ConversationLog } from "../state/conversation_log";
import { DraftStore } from "../state/drafts";
import { insertIntoDraft } from "../state/suggestions";
import { customerLanguage, describeProblem, type ConsoleParts } from "./console_parts";
import { cannedText, fetchCannedReplies } from "./desk_api";
import { fitToContent } from "./reply_box";
import { renderMentionPicker } from "./thread_extras";

// The reply box under the conversation: the agent's draft (kept in this browser per agent and
// conversation), the typing indicator sent to the customer, canned replies completed from
// "/shortcut" with their variables filled by the server, private notes with @mentions of
// colleagues, and attachments. Enter sends, Shift+Enter breaks the line.

const TYPING_IDLE_MS = 3000;

export const replyComposerStyles = css`
  .canned { list-style: none; margin: 0 16px; padding: 4px; border: 1px solid var(--line); border-radius: 8px; background: var(--paper); max-height: 180px; overflow-y: auto; }
  .canned li { padding: 4px 8px; border-radius: 6px; cursor: pointer; display: flex; gap: 8px; }
  .canned li[aria-selected="true"] { background: #e4eef6; }
  .canned .key { font-family: ui-monospace, monospace; color: var(--accent); }
  .hint { font-size: 11px; color: var(--muted); padding: 0 16px; }
  .composer { display: flex; gap: 8px; padding: 10px 16px 14px; border-top: 1px solid var(--line); }
  .composer textarea { flex: 1; resize: vertical; min-height: 56px; max-height: 45vh; overflow-y: auto; box-sizing: border-box; border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
`;

/** What the composer needs from the console beside its shared parts. */
export interface ComposerNeeds {
  /** Where the console is drawn (the composer's textarea is looked up in it). */
  root(): ParentNode;
  /** The colleagues an @mention may name, and reading them again. */
  colleagues(): readonly Colleague[];
  refreshColleagues(): void;
  /** Where an uploaded file goes until the thread shows it. */
  readonly attachments: AttachmentShelf;
  /** A reply was sent: the thread follows its newest line. */
  sent(): void;
}

/** The reply box of the conversation on screen and everything the agent writes into it. */
export class ReplyComposer {
  /** The canned reply highlighted in the list under the box. */
  private cannedIndex = 0;
  /** Whether the composer writes a private note instead of a reply. */
  private noteMode = false;
  /** The share of the file being uploaded (0..1), or null. */
  private uploading: number | null = null;
  /** The colleagues picked with @ in the note being written. */
  private picked: Colleague[] = [];
  /** The canned replies I may use (GET /api/canned-replies), read on each welcome. */
  private cannedReplies: CannedReply[] = [];
  /** Unsent replies, kept in this browser per agent from the welcome on. */
  private drafts = new DraftStore("", null);
  private draftsOf: number | null = null;
  private typingSentFor: number | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly parts: ConsoleParts,
    private readonly needs: ComposerNeeds,
  ) {}

  /** From the welcome on, drafts are kept for this agent (a new agent in this tab: theirs). */
  useDraftsOf(userId: number): void {
    if (this.draftsOf === userId) return;
    this.draftsOf = userId;
    this.drafts = new DraftStore(`kefu.console.drafts.${userId}`, localStorageOrNull());
  }

  /** Reads the canned replies I may use again (quietly: the list stays as it was). */
  loadCannedReplies(): void {
    fetchCannedReplies()
      .then((replies) => {
        this.cannedReplies = replies;
        this.parts.requestUpdate();
      })
      .catch(() => {});
  }

  /** The reply box, or null before it is drawn. */
  textarea(): HTMLTextAreaElement | null {
    return this.needs.root().querySelector<HTMLTextAreaElement>(".composer textarea");
  }

  /** After a render: the box grows with its text. */
  fit(): void {
    fitToContent(this.textarea());
  }

  /** Puts `text` into the selected conversation's draft where it reads well (an article's answer). */
  insert(text: string): void {
    const log = this.parts.selected();
    if (!log) return;
    this.setDraft(insertIntoDraft(this.drafts.get(log.id) ?? "", text));
  }

  /** Tells the customer I stopped typing (another conversation opened, a reply sent). */
  stopTyping(): void {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = null;
    if (this.typingSentFor !== null) this.parts.session.sendTyping(this.typingSentFor, false);
    this.typingSentFor = null;
  }

  /** The canned and mention lists, the hint, the note switch and the reply box. */
  render(log: ConversationLog, open: boolean) {
    const t = this.parts.i18n.t.bind(this.parts.i18n);
    return html`
      ${this.renderCanned(log.id)} ${renderMentionPicker(this.mentionChoices(log.id), this.parts.i18n, (c) => this.pickMention(c))}
      <div class="hint">${t("canned.hint")}</div>
      <label class="note-toggle"
        ><input
          type="checkbox"
          name="note-mode"
          .checked=${this.noteMode}
          @change=${(e: Event) => {
            this.noteMode = (e.target as HTMLInputElement).checked;
            this.parts.requestUpdate();
            this.stopTyping();
            if (this.noteMode) this.needs.refreshColleagues();
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
    `;
  }

  private readonly onInput = (event: Event): void => {
    const log = this.parts.selected();
    if (!log) return;
    this.drafts.set(log.id, (event.target as HTMLTextAreaElement).value);
    this.cannedIndex = 0;
    this.parts.requestUpdate();
    if (this.typingSentFor !== log.id) {
      this.stopTyping();
      this.parts.session.sendTyping(log.id, true);
      this.typingSentFor = log.id;
    }
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const mentions = this.mentionChoices(this.parts.selected()?.id);
    if (mentions.length > 0 && !event.isComposing && (event.key === "Enter" || event.key === "Tab")) {
      event.preventDefault();
      this.pickMention(mentions[0]);
      return;
    }
    const matches = this.cannedFor(this.parts.selected()?.id);
    if (matches.length > 0 && !event.isComposing) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : matches.length - 1;
        this.cannedIndex = (this.cannedIndex + step) % matches.length;
        this.parts.requestUpdate();
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        this.useCanned(matches[Math.min(this.cannedIndex, matches.length - 1)]);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        this.setDraft(`${this.drafts.get(this.parts.selected()?.id ?? -1) ?? ""} `.trimStart());
        return;
      }
    }
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    }
  };

  private readonly send = (): void => {
    const log = this.parts.selected();
    if (!log) return;
    const text = (this.drafts.get(log.id) ?? "").trim();
    if (!text) return;
    if (this.noteMode) {
      void this.writeNote(log.id, text);
      return;
    }
    this.stopTyping();
    this.parts.session.sendMessage(text.slice(0, MAX_TEXT_LENGTH), log.id);
    this.drafts.set(log.id, "");
    const box = this.textarea();
    if (box) box.value = "";
    this.needs.sent();
  };

  /** Stores a private note; the draft is kept when the server refuses it. */
  private async writeNote(conversationId: number, text: string): Promise<void> {
    try {
      this.parts.setProblem(null);
      await this.parts.session.writeNote(conversationId, text.slice(0, MAX_TEXT_LENGTH), mentionsIn(text, this.picked));
      this.picked = [];
      if (this.parts.selected()?.id === conversationId) this.setDraft("");
      else this.drafts.set(conversationId, "");
    } catch (error) {
      this.parts.setProblem(`${this.parts.i18n.t("note.failed")} ${describeProblem(this.parts.i18n, error)}`);
    }
  }

  /** Uploads the file picked for the selected conversation; it shows once the server has it. */
  private readonly attach = async (event: Event): Promise<void> => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    const log = this.parts.selected();
    input.value = "";
    if (!file || !log) return;
    try {
      this.parts.setProblem(null);
      this.setUploading(0);
      const name = encodeURIComponent(file.name);
      const stored = await uploadAttachment(`/api/conversations/${log.id}/attachments?name=${name}`, file, {}, (share) =>
        this.setUploading(share),
      );
      this.needs.attachments.add([stored]);
    } catch (error) {
      this.parts.setProblem(this.parts.i18n.error(error instanceof Error ? error.message : "other"));
    } finally {
      this.setUploading(null);
    }
  };

  private setUploading(share: number | null): void {
    this.uploading = share;
    this.parts.requestUpdate();
  }

  /** In note mode, the colleagues that complete the @word being typed. */
  private mentionChoices(conversationId: number | undefined): Colleague[] {
    if (!this.noteMode || conversationId === undefined) return [];
    const typed = mentionBeingTyped(this.drafts.get(conversationId) ?? "");
    if (typed === null) return [];
    const me = this.parts.session.state.user?.id;
    return mentionCandidates(
      typed,
      this.needs.colleagues().filter((c) => c.id !== me),
    ).slice(0, 8);
  }

  private pickMention(colleague: Colleague): void {
    const log = this.parts.selected();
    if (!log) return;
    this.picked = [...this.picked.filter((p) => p.id !== colleague.id), colleague];
    this.setDraft(completeMention(this.drafts.get(log.id) ?? "", colleague.name));
  }

  private cannedFor(conversationId: number | undefined): CannedReply[] {
    if (this.noteMode) return [];
    if (conversationId === undefined) return [];
    const log = this.parts.session.state.conversation(conversationId);
    const language = (log && customerLanguage(log)) ?? replyLocale(this.parts.i18n.locale);
    return cannedMatches(this.drafts.get(conversationId) ?? "", this.cannedReplies, language);
  }

  /** Puts the reply, its variables filled by the server for this conversation, in the draft. */
  private async useCanned(reply: CannedReply): Promise<void> {
    const log = this.parts.selected();
    if (!log) return;
    try {
      const filled = await cannedText(reply.id, log.id);
      if (this.parts.selected()?.id !== log.id) return;
      this.setDraft(insertCanned(this.drafts.get(log.id) ?? "", filled.text));
      if (filled.missing.length) this.parts.say(() => this.parts.i18n.t("canned.missing", { names: filled.missing.join(", ") }));
    } catch (error) {
      this.parts.setProblem(describeProblem(this.parts.i18n, error));
    }
  }

  /** Replaces the selected conversation's draft and puts the caret at its end. */
  private setDraft(text: string): void {
    const log = this.parts.selected();
    if (!log) return;
    this.drafts.set(log.id, text);
    this.cannedIndex = 0;
    const box = this.textarea();
    if (box) {
      box.value = text;
      box.focus();
      box.setSelectionRange(text.length, text.length);
    }
    this.parts.requestUpdate();
  }

  private renderCanned(conversationId: number) {
    const t = this.parts.i18n.t.bind(this.parts.i18n);
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
}

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
