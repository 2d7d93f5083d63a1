// The tag catalogue (docs/protocol.md, "Admin: tags"). Each call rejects with HttpError
// carrying the server's typed error code.
import { requestJson } from "../net/http";

export interface CatalogueTag {
  name: string;
  label_zh: string;
  label_en: string;
  retired: boolean;
}

/** Every tag, retired ones too (any staff member). */
export async function listTags(): Promise<CatalogueTag[]> {
  return (await requestJson<{ tags: CatalogueTag[] }>("/api/tags")).tags;
}

export function createTag(tag: Omit<CatalogueTag, "retired">): Promise<CatalogueTag> {
  return requestJson<CatalogueTag>("/api/admin/tags", { body: tag });
}

/** Relabels a tag, or retires it / brings it back. */
export function updateTag(tag: CatalogueTag): Promise<CatalogueTag> {
  return requestJson<CatalogueTag>(`/api/admin/tags/${encodeURIComponent(tag.name)}`, {
    method: "PUT",
    body: { label_zh: tag.label_zh, label_en: tag.label_en, retired: tag.retired },
  });
}

/** The tag's label in the reader's language. */
export function tagLabel(tag: CatalogueTag, locale: string): string {
  return locale.startsWith("zh") ? tag.label_zh : tag.label_en;
}
