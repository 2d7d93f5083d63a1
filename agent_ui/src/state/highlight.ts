/** Marks around a matched word in a knowledge-base snippet (control characters, not HTML). */
export const HIT_START = "\u0002";
export const HIT_END = "\u0003";

/** A piece of a snippet: plain text, or a matched word (`hit`). */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * Splits a snippet on the U+0002 / U+0003 marks into parts the page renders as text (a matched
 * part in a <mark>). Unbalanced marks never leak: every mark character is dropped.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let hit = false;
  let text = "";
  const flush = () => {
    if (text) parts.push({ text, hit });
    text = "";
  };
  for (const ch of snippet) {
    if (ch === HIT_START || ch === HIT_END) {
      flush();
      hit = ch === HIT_START;
    } else {
      text += ch;
    }
  }
  flush();
  return parts;
}

/** The snippet without its marks. */
export function plainSnippet(snippet: string): string {
  return snippet.replaceAll(HIT_START, "").replaceAll(HIT_END, "");
}
