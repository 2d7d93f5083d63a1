import type { Locale } from "../i18n/i18n";

/** A canned reply kept on the server (GET /api/canned-replies), typed as `/shortcut`. */
export interface CannedReply {
  id: number;
  scope: "personal" | "shared";
  team: string;
  locale: "zh" | "en";
  shortcut: string;
  title: string;
  body: string;
  created_at?: number;
  updated_at?: number;
}

/** The canned replies' language for an interface language. */
export function replyLocale(locale: Locale | string): "zh" | "en" {
  return locale.startsWith("zh") ? "zh" : "en";
}

/**
 * The `/word` being typed at the end of the draft, or null: at its start, after a space, or
 * after Chinese text or punctuation (written without spaces); never inside a URL or a path.
 */
export function shortcutBeingTyped(draft: string): string | null {
  const match = /(?:^|[\s\p{Script=Han}，。！？、；：（）“”])\/([\p{L}\p{N}_-]*)$/u.exec(draft);
  return match ? match[1] : null;
}

/**
 * The canned replies the draft asks for: when it ends with `/` and letters, those whose shortcut
 * starts with them, in `locale` when any is (the customer's language), personal ones first.
 */
export function cannedMatches(draft: string, replies: readonly CannedReply[], locale: "zh" | "en"): CannedReply[] {
  const typed = shortcutBeingTyped(draft);
  if (typed === null) return [];
  const wanted = typed.toLowerCase();
  const found = replies.filter((r) => r.shortcut.toLowerCase().startsWith(wanted));
  const inLocale = found.filter((r) => r.locale === locale);
  return (inLocale.length ? inLocale : found).sort(
    (a, b) => Number(a.scope !== "personal") - Number(b.scope !== "personal") || a.shortcut.localeCompare(b.shortcut),
  );
}

/** The draft with the `/word` being typed replaced by `text`. */
export function insertCanned(draft: string, text: string): string {
  return draft.replace(/\/([\p{L}\p{N}_-]*)$/u, text);
}
