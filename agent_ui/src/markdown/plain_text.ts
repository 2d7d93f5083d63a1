import { markdownTree, textOf, type MdNode } from "./safe_markdown";

/**
 * An article as clean text for a reply (what an agent inserts): one line per paragraph with its
 * line breaks reflowed, headings as their own line, list items as "• item" or "1. item", emphasis
 * and code marks dropped, a link as "text (address)" unless the text is the address, raw HTML
 * as written. Blocks are separated by one blank line.
 */
export function markdownPlainText(source: string): string {
  return blocksText(markdownTree(source)).join("\n\n").trim();
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** One line: a line break becomes a space, or nothing between two Chinese characters. */
function reflow(text: string): string {
  return text
    .replace(/(.?)[ \t]*\n[ \t]*(.?)/g, (_, before: string, after: string) =>
      before + (CJK.test(before) && CJK.test(after) ? "" : " ") + after,
    )
    .replace(/ {2,}/g, " ")
    .trim();
}

function inlineText(nodes: MdNode[]): string {
  return nodes
    .map((n) => {
      if (typeof n === "string") return n;
      if (n.tag === "a") {
        const text = textOf(n.children);
        const address = n.href?.replace(/^mailto:/, "") ?? "";
        return text === n.href || text === address || !text ? address : `${text} (${address})`;
      }
      if (n.tag === "br") return "\n";
      return inlineText(n.children);
    })
    .join("");
}

const BLOCK_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "pre", "blockquote", "hr"]);

function blocksText(nodes: MdNode[]): string[] {
  const out: string[] = [];
  let inlineRun: MdNode[] = [];
  const flush = () => {
    const text = reflow(inlineText(inlineRun));
    if (text) out.push(text);
    inlineRun = [];
  };
  for (const node of nodes) {
    if (typeof node === "string" || !BLOCK_TAGS.has(node.tag)) {
      inlineRun.push(node);
      continue;
    }
    flush();
    switch (node.tag) {
      case "ul":
      case "ol":
        out.push(
          node.children
            .map((item, i) => {
              const mark = node.tag === "ol" ? `${i + 1}. ` : "• ";
              const body = typeof item === "string" ? item : blocksText(item.children).join("\n");
              return mark + body.replace(/\n/g, "\n   ");
            })
            .join("\n"),
        );
        break;
      case "pre":
        out.push(textOf(node.children));
        break;
      case "blockquote":
        out.push(...blocksText(node.children));
        break;
      case "hr":
        break;
      default: {
        const text = reflow(inlineText(node.children));
        if (text) out.push(text);
      }
    }
  }
  flush();
  return out;
}
