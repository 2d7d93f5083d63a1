import { html, nothing, type TemplateResult } from "lit";
import type { I18n } from "../i18n/i18n";
import { ATTACHMENT_TYPES, type Attachment, type ServerEvent } from "../protocol/types";
import { AttachmentShelf, isImage, sizeLabel, uploadAttachment } from "../state/attachments";

/** The blob as a data: URL. */
function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/**
 * The widget's attachments: uploads with progress (Bearer visitor token), the conversation's
 * files shown in the thread. Pictures are fetched with the token and shown from a blob URL (an
 * <img> cannot send the token); documents open the same way. Never any HTML from a file.
 */
export class WidgetAttachments {
  private readonly shelf = new AttachmentShelf();
  private readonly pictures = new Map<number, string>();
  private listed = new Set<number>();
  /** The share of the upload done (0..1), or null when nothing uploads. */
  uploading: number | null = null;
  problem: string | null = null;

  constructor(
    private readonly server: string,
    private readonly token: () => Promise<string>,
    private readonly changed: () => void,
  ) {}

  /** Follows the socket: new attachments, and each conversation's list once after a welcome. */
  apply(event: ServerEvent): void {
    if (event.type === "attachment") {
      this.keep([event.attachment]);
    } else if (event.type === "welcome") {
      for (const c of event.conversations ?? []) void this.list(c.id);
    } else if (event.type === "conversation" || event.type === "ack") {
      const id = event.type === "conversation" ? event.conversation.id : event.conversation_id;
      if (typeof id === "number") void this.list(id);
    }
  }

  forConversation(id: number): Attachment[] {
    return this.shelf.forConversation(id);
  }

  private async list(conversationId: number): Promise<void> {
    if (this.listed.has(conversationId)) return;
    this.listed.add(conversationId);
    try {
      const response = await fetch(`${this.server}/api/conversations/${conversationId}/attachments`, {
        headers: { Authorization: `Bearer ${await this.token()}` },
      });
      if (!response.ok) return;
      const body = (await response.json()) as { attachments?: Attachment[] };
      this.keep(body.attachments ?? []);
    } catch {
      this.listed.delete(conversationId);
    }
  }

  private keep(attachments: Attachment[]): void {
    this.shelf.add(attachments);
    for (const a of attachments) if (isImage(a) && !this.pictures.has(a.id)) void this.fetchPicture(a);
    this.changed();
  }

  private async fetchPicture(a: Attachment): Promise<void> {
    this.pictures.set(a.id, "");
    try {
      const response = await fetch(`${this.server}${a.url}`, { headers: { Authorization: `Bearer ${await this.token()}` } });
      if (!response.ok) return;
      // A data: URL, which the pages' img-src allows (blob: is not).
      this.pictures.set(a.id, await dataUrl(await response.blob()));
      this.changed();
    } catch {
      this.pictures.delete(a.id);
    }
  }

  private async open(a: Attachment): Promise<void> {
    const response = await fetch(`${this.server}${a.url}`, { headers: { Authorization: `Bearer ${await this.token()}` } });
    if (!response.ok) return;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = a.name;
    link.rel = "noopener noreferrer";
    link.click();
  }

  /** Uploads the picked file to the conversation. */
  async upload(conversationId: number, file: File, i18n: I18n): Promise<void> {
    this.problem = null;
    this.uploading = 0;
    this.changed();
    try {
      const url = `${this.server}/api/conversations/${conversationId}/attachments?name=${encodeURIComponent(file.name)}`;
      const stored = await uploadAttachment(url, file, { Authorization: `Bearer ${await this.token()}` }, (share) => {
        this.uploading = share;
        this.changed();
      });
      this.keep([stored]);
    } catch (error) {
      this.problem = i18n.error(error instanceof Error ? error.message : "other");
    } finally {
      this.uploading = null;
      this.changed();
    }
  }

  /** The attach button (and the upload's progress) for the composer. */
  renderButton(conversationId: number | null, i18n: I18n): TemplateResult {
    return html`<label class="attach-button" title=${i18n.t("attach.label")} aria-label=${i18n.t("attach.label")}
        ><input
          type="file"
          class="attach"
          accept=${ATTACHMENT_TYPES}
          hidden
          ?disabled=${conversationId === null}
          @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            const file = input.files?.[0];
            input.value = "";
            if (file && conversationId !== null) void this.upload(conversationId, file, i18n);
          }}
        />📎</label
      >${this.uploading !== null
        ? html`<progress class="upload" max="1" .value=${this.uploading} aria-label=${i18n.t("attach.uploading")}></progress>`
        : nothing}`;
  }

  /** One attachment in the thread. */
  render(a: Attachment, i18n: I18n): TemplateResult {
    const mine = a.uploader.kind === "customer";
    const picture = this.pictures.get(a.id);
    return html`
      <div class="msg attachment ${mine ? "mine" : "theirs"}" data-attachment-id=${a.id}>
        <div class="bubble">${isImage(a) && picture
            ? html`<img class="thumb" src=${picture} alt=${a.name} style="max-width:200px;max-height:160px;display:block" />`
            : html`<button class="file" @click=${() => this.open(a)}>📄 ${a.name}</button>`}<div class="file-meta">${a.name} · ${sizeLabel(a.size)}</div></div>
        <div class="meta"><time datetime=${new Date(a.at).toISOString()}>${i18n.time(a.at)}</time></div>
      </div>
    `;
  }
}
