import { Lexer, type Token, type Tokens } from "marked";

/**
 * Markdown made safe to show: marked's lexer reads the source, and its tokens become a small
 * tree of known elements (headings, paragraphs, lists, emphasis, code, quotes, links) whose
 * leaves are plain strings. Raw HTML in the source stays a string (shown as text, never
 * parsed), and a link keeps its address only when it is http, https or mailto; any other link
 * is its text. The tree is turned into DOM nodes by Lit templates (markdown_view.ts), never by
 * innerHTML.
 */

/** The elements a rendered article may hold. */
export type MdTag =
  | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
  | "p" | "ul" | "ol" | "li" | "strong" | "em" | "del" | "code" | "pre" | "blockquote" | "hr" | "br" | "a";

export interface MdElement {
  tag: MdTag;
  children: MdNode[];
  /** Only on "a": an http(s) or mailto address. */
  href?: string;
}

export type MdNode = string | MdElement;

const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** `href` when it is an absolute http, https or mailto address; null for anything else. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  // Control characters and spaces can hide a scheme from a naive check ("java\tscript:").
  if (!trimmed || /[\u0000-\u001f\u007f\s]/.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? trimmed : null;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: "\u00a0" };

/** The few character references Markdown writers use, as characters; others stay as written. */
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? "");
}

function el(tag: MdTag, children: MdNode[], href?: string): MdElement {
  return href === undefined ? { tag, children } : { tag, children, href };
}

/** The inline tokens of a paragraph, heading or list item as nodes. */
function inline(tokens: Token[] | undefined, links: "all" | "bare"): MdNode[] {
  const out: MdNode[] = [];
  for (const token of tokens ?? []) out.push(...inlineToken(token as Tokens.Generic, links));
  return out;
}

function inlineToken(token: Tokens.Generic, links: "all" | "bare"): MdNode[] {
  switch (token.type) {
    case "text":
      return token.tokens?.length ? inline(token.tokens, links) : [decodeEntities(String(token.text ?? ""))];
    case "escape":
      return [String(token.text ?? "")];
    case "strong":
    case "em":
    case "del":
      return [el(token.type, inline(token.tokens, links))];
    case "codespan":
      return [el("code", [String(token.text ?? "")])];
    case "br":
      return [el("br", [])];
    case "link": {
      const href = safeHref(String(token.href ?? ""));
      // In chat only bare addresses become links: a customer's [text](address) shows as typed.
      const raw = String(token.raw);
      const bare = raw === String(token.text) || raw === `<${String(token.href)}>`;
      if (href && (links === "all" || bare)) return [el("a", inline(token.tokens, links), href)];
      return links === "all" ? inline(token.tokens, links) : [String(token.raw)];
    }
    case "image":
      // Images are not loaded from article text: their description stands in.
      return [String(token.text ?? "")];
    default:
      // Raw HTML, and anything this renderer does not know, is text exactly as written.
      return [String(token.raw ?? "")];
  }
}

function block(token: Tokens.Generic): MdNode[] {
  switch (token.type) {
    case "heading": {
      const depth = Math.min(6, Math.max(1, Number(token.depth) || 1));
      return [el(`h${depth}` as MdTag, inline(token.tokens, "all"))];
    }
    case "paragraph":
      return [el("p", inline(token.tokens, "all"))];
    case "text":
      return token.tokens?.length ? inline(token.tokens, "all") : [String(token.text ?? "")];
    case "list": {
      const items = (token.items as Tokens.ListItem[]).map((item) => el("li", blocks(item.tokens)));
      return [el(token.ordered ? "ol" : "ul", items)];
    }
    case "code":
      return [el("pre", [el("code", [String(token.text ?? "")])])];
    case "blockquote":
      return [el("blockquote", blocks(token.tokens))];
    case "hr":
      return [el("hr", [])];
    case "space":
      return [];
    case "table": {
      // Tables become one paragraph per row, cells separated by " | ".
      const t = token as unknown as Tokens.Table;
      const rows = [t.header, ...t.rows];
      return rows.map((cells) =>
        el("p", cells.flatMap((cell, i) => [...(i > 0 ? [" | "] : []), ...inline(cell.tokens, "all")])),
      );
    }
    default:
      // Raw HTML blocks and unknown tokens: the source text, shown as text.
      return [el("p", [String(token.raw ?? "")])];
  }
}

function blocks(tokens: Token[] | undefined): MdNode[] {
  const out: MdNode[] = [];
  for (const token of tokens ?? []) out.push(...block(token as Tokens.Generic));
  return out;
}

/** The article `source` (Markdown) as a tree of safe elements. */
export function markdownTree(source: string): MdNode[] {
  return blocks(Lexer.lex(source, { gfm: true }));
}

/**
 * A chat message as text runs and links: only bare http(s) and mailto addresses become links;
 * everything else, Markdown signs included, stays exactly as the person typed it.
 */
export function chatTextTree(text: string): MdNode[] {
  const tokens = Lexer.lexInline(text, { gfm: true });
  const out: MdNode[] = [];
  for (const token of tokens) {
    const t = token as Tokens.Generic;
    const nodes = t.type === "link" ? inlineToken(t, "bare") : [String(t.raw ?? "")];
    for (const node of nodes) {
      const last = out[out.length - 1];
      if (typeof node === "string" && typeof last === "string") out[out.length - 1] = last + node;
      else out.push(node);
    }
  }
  return out;
}

/** The text of nodes without their markup (emphasis dropped, links as their text). */
export function textOf(nodes: MdNode[]): string {
  return nodes.map((n) => (typeof n === "string" ? n : n.tag === "br" ? "\n" : textOf(n.children))).join("");
}
