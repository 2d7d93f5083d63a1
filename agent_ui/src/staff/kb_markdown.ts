/**
 * A small, safe Markdown reader for knowledge-base articles: it turns the text into blocks and
 * inline runs that a page renders as text nodes. Raw HTML in the source stays literal text;
 * links keep only http(s) and mailto addresses.
 */

export type Inline =
  | { kind: "text" | "strong" | "em" | "code"; text: string }
  | { kind: "link"; text: string; href: string };

export type Block =
  | { kind: "heading"; level: number; inline: Inline[] }
  | { kind: "paragraph"; inline: Inline[] }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "code"; text: string };

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

/** The inline runs of one line or paragraph: **strong**, *em* or _em_, `code`, [text](url). */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const pattern = /\*\*([^*]+)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_/g;
  let at = 0;
  const push = (run: Inline) => {
    const last = out[out.length - 1];
    if (run.kind === "text" && last?.kind === "text") last.text += run.text;
    else if (run.text) out.push(run);
  };
  for (const m of text.matchAll(pattern)) {
    const index = m.index ?? 0;
    if (index > at) push({ kind: "text", text: text.slice(at, index) });
    if (m[1] !== undefined) push({ kind: "strong", text: m[1] });
    else if (m[2] !== undefined) push({ kind: "code", text: m[2] });
    else if (m[3] !== undefined) {
      const href = m[4] ?? "";
      push(SAFE_LINK.test(href) ? { kind: "link", text: m[3], href } : { kind: "text", text: m[3] });
    } else push({ kind: "em", text: m[5] ?? m[6] ?? "" });
    at = index + m[0].length;
  }
  if (at < text.length) push({ kind: "text", text: text.slice(at) });
  return out;
}

/** The blocks of a Markdown text: headings, paragraphs, bullet and numbered lists, fenced code. */
export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: Inline[][] } | null = null;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: "paragraph", inline: parseInline(paragraph.join(" ")) });
    paragraph = [];
    if (list) blocks.push({ kind: "list", ...list });
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^\s*```/.test(line)) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i] ?? ""); i++) code.push(lines[i] ?? "");
      blocks.push({ kind: "code", text: code.join("\n") });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: "heading", level: heading[1]!.length, inline: parseInline(heading[2]!.trim()) });
    } else if (bullet || numbered) {
      const ordered = !bullet;
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(parseInline((bullet ?? numbered)![1]!.trim()));
    } else if (line.trim() === "") {
      flush();
    } else {
      if (list) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}
