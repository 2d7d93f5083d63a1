import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown } from "./kb_markdown";

describe("parseMarkdown", () => {
  it("reads headings, paragraphs, lists and code", () => {
    const blocks = parseMarkdown("# Returns\n\nWithin **30 days**,\nunused.\n\n- one\n- `two`\n\n1. first\n2. second\n\n```\n<b>x</b>\n```");
    expect(blocks).toEqual([
      { kind: "heading", level: 1, inline: [{ kind: "text", text: "Returns" }] },
      {
        kind: "paragraph",
        inline: [
          { kind: "text", text: "Within " },
          { kind: "strong", text: "30 days" },
          { kind: "text", text: ", unused." },
        ],
      },
      { kind: "list", ordered: false, items: [[{ kind: "text", text: "one" }], [{ kind: "code", text: "two" }]] },
      { kind: "list", ordered: true, items: [[{ kind: "text", text: "first" }], [{ kind: "text", text: "second" }]] },
      { kind: "code", text: "<b>x</b>" },
    ]);
  });

  it("keeps raw HTML as text and drops unsafe links", () => {
    expect(parseInline('<img src=x onerror="alert(1)"> [click](javascript:steal) [ok](https://shop.example/a)')).toEqual([
      { kind: "text", text: '<img src=x onerror="alert(1)"> click ' },
      { kind: "link", text: "ok", href: "https://shop.example/a" },
    ]);
  });

  it("reads Chinese text and emphasis", () => {
    expect(parseInline("签收后*七天*内可以_退货_")).toEqual([
      { kind: "text", text: "签收后" },
      { kind: "em", text: "七天" },
      { kind: "text", text: "内可以" },
      { kind: "em", text: "退货" },
    ]);
  });
});
