import { describe, expect, it } from "vitest";
import { AttachmentShelf, isImage, sizeLabel } from "./attachments";

const a = (id: number, at: number, type = "image/png") => ({
  id, at, conversation_id: 42, name: `f${id}`, content_type: type, size: 10, uploader: { kind: "customer" as const, id: 1 }, url: `/api/attachments/${id}`,
});

describe("attachments", () => {
  it("keeps each attachment once, oldest first", () => {
    const shelf = new AttachmentShelf();
    shelf.add([a(2, 20), a(1, 10)]);
    shelf.add([a(2, 20)]);
    expect(shelf.forConversation(42).map((x) => x.id)).toEqual([1, 2]);
    expect(shelf.forConversation(7)).toEqual([]);
  });

  it("tells pictures from documents and sizes for people", () => {
    expect(isImage(a(1, 1))).toBe(true);
    expect(isImage(a(1, 1, "application/pdf"))).toBe(false);
    expect(sizeLabel(500)).toBe("500 B");
    expect(sizeLabel(2048)).toBe("2 KB");
    expect(sizeLabel(3.5 * 1024 * 1024)).toBe("3.5 MB");
  });
});
