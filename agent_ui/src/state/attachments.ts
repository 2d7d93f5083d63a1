import type { Attachment } from "../protocol/types";

/** The attachments of the conversations on screen, by conversation, each once, oldest first. */
export class AttachmentShelf {
  private readonly byConversation = new Map<number, Map<number, Attachment>>();

  add(attachments: readonly Attachment[]): void {
    for (const a of attachments) {
      let held = this.byConversation.get(a.conversation_id);
      if (!held) {
        held = new Map();
        this.byConversation.set(a.conversation_id, held);
      }
      held.set(a.id, a);
    }
  }

  forConversation(conversationId: number): Attachment[] {
    return [...(this.byConversation.get(conversationId)?.values() ?? [])].sort((a, b) => a.at - b.at || a.id - b.id);
  }
}

/** Whether an attachment is shown inline as a picture. */
export function isImage(a: Attachment): boolean {
  return a.content_type.startsWith("image/");
}

/** "12 KB", "3.4 MB": an attachment's size for people. */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Uploads a file to POST /api/conversations/{id}/attachments with XMLHttpRequest (fetch cannot
 * report upload progress), calling `progress` with 0..1. Rejects with the server's error code.
 */
export function uploadAttachment(
  url: string,
  file: Blob,
  headers: Record<string, string>,
  progress: (share: number) => void,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.setRequestHeader("Content-Type", "application/octet-stream");
    request.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) progress(e.loaded / e.total);
    };
    request.onload = () => {
      let body: { attachment?: Attachment; error?: string } = {};
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // not JSON: the status tells
      }
      if (request.status === 201 && body.attachment) resolve(body.attachment);
      else reject(new Error(body.error ?? `http_${request.status}`));
    };
    request.onerror = () => reject(new Error("offline"));
    request.send(file);
  });
}
