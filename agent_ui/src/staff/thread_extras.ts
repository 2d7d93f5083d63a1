import { css, html, nothing, type TemplateResult } from "lit";
import type { I18n } from "../i18n/i18n";
import type { Attachment, ConversationNote } from "../protocol/types";
import type { Colleague } from "../state/colleagues";
import { isImage, sizeLabel } from "../state/attachments";
import "./kefu-past-conversation";

// What the console shows in a thread beside the chat's messages (issue 20): private notes,
// attachments, the @mention picker and the read-only pane of a conversation that is not the
// agent's. All text through Lit bindings.

export const threadExtrasStyles = css`
  .note { align-self: stretch; max-width: 100%; }
  .note .bubble { background: #fff8c5; border: 1px solid #e3c84f; }
  .note .label { font-size: 11px; font-weight: 700; color: #7a5b00; text-transform: uppercase; letter-spacing: 0.04em; }
  .composer.note-mode textarea { background: #fffbe0; border-color: #e3c84f; }
  .note-toggle { display: flex; align-items: center; gap: 4px; font-size: 12px; padding: 0 16px; color: var(--muted); }
  .read-only { padding: 8px 16px; overflow-y: auto; flex: 1; }
  .read-only .notice { margin: 0 0 8px; }
  .attachment img.thumb { max-width: 220px; max-height: 160px; border-radius: 6px; display: block; }
  .attachment .file-meta { font-size: 11px; color: var(--muted); }
  .attach-button { align-self: center; cursor: pointer; font-size: 20px; padding: 0 4px; }
  progress.upload { align-self: center; width: 80px; }
`;

/** An attachment in the thread: a picture inline (a thumbnail), a PDF as a download. */
export function renderAttachment(a: Attachment, i18n: I18n): TemplateResult {
  const mine = a.uploader.kind === "agent";
  return html`
    <div class="msg attachment ${mine ? "mine" : ""}" data-attachment-id=${a.id}>
      <div class="bubble"><a href=${a.url} download=${a.name} rel="noopener noreferrer">${isImage(a)
            ? html`<img class="thumb" src=${a.url} alt=${a.name} loading="lazy" />`
            : html`📄 ${a.name}`}</a><div class="file-meta">${a.name} · ${sizeLabel(a.size)}</div></div>
      <div class="meta"><time datetime=${new Date(a.at).toISOString()}>${i18n.time(a.at)}</time></div>
    </div>
  `;
}

/** A private note: staff only, shown apart from the customer's thread. */
export function renderNote(n: ConversationNote, i18n: I18n): TemplateResult {
  const t = i18n.t.bind(i18n);
  return html`
    <div class="msg note" role="note" data-note-id=${n.id}>
      <div class="bubble"><div class="label">${t("note.label")}</div>${n.text}</div>
      <div class="meta">
        ${t("note.by", { name: n.author.name })}
        ${n.mentions.length ? html` · ${t("note.mentioned", { names: n.mentions.map((m) => m.name).join(", ") })}` : nothing}
        · <time datetime=${new Date(n.at).toISOString()}>${i18n.time(n.at)}</time>
      </div>
    </div>
  `;
}

/** The colleagues an @word being typed in a note may name; picking one calls `pick`. */
export function renderMentionPicker(choices: Colleague[], i18n: I18n, pick: (c: Colleague) => void) {
  if (choices.length === 0) return nothing;
  return html`
    <ul class="canned mentions" role="listbox" aria-label=${i18n.t("note.mentionPicker")}>
      ${choices.map(
        (c, i) => html`<li
          role="option"
          aria-selected=${i === 0 ? "true" : "false"}
          @mousedown=${(e: Event) => {
            e.preventDefault();
            pick(c);
          }}
        >
          <span class="key">@</span><span>${c.name}</span>
        </li>`,
      )}
    </ul>
  `;
}

/** A conversation that is not the agent's, opened from the inbox: transcript and notes. */
export function renderReadOnly(id: number, notes: ConversationNote[], i18n: I18n, close: () => void): TemplateResult {
  const t = i18n.t.bind(i18n);
  return html`
    <section class="pane read-only-pane">
      <div class="pane-head">
        <h2>#${id}</h2>
        <button class="close-read-only" @click=${close}>${t("inbox.close")}</button>
      </div>
      <div class="read-only">
        <p class="notice info">${t("inbox.readOnly")}</p>
        <kefu-past-conversation .i18n=${i18n} locale=${i18n.locale} .conversationId=${id} @close=${close}></kefu-past-conversation>
        <div class="messages">${notes.map((n) => renderNote(n, i18n))}</div>
      </div>
    </section>
  `;
}
