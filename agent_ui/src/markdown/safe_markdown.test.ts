import { describe, expect, it } from "vitest";
import { chatTextTree, markdownTree, safeHref, textOf, type MdElement, type MdNode } from "./safe_markdown";
import { markdownPlainText } from "./plain_text";

/** Every element of a tree, depth first. */
function elements(nodes: MdNode[]): MdElement[] {
  return nodes.flatMap((n) => (typeof n === "string" ? [] : [n, ...elements(n.children)]));
}

const ALLOWED = new Set(["h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong", "em", "del", "code", "pre", "blockquote", "hr", "br", "a"]);

describe("safeHref", () => {
  it("keeps http, https and mailto addresses", () => {
    expect(safeHref("https://shop.example/returns")).toBe("https://shop.example/returns");
    expect(safeHref("http://a.example")).toBe("http://a.example");
    expect(safeHref("mailto:help@shop.example")).toBe("mailto:help@shop.example");
  });
  it("refuses script, data and hidden schemes and relative addresses", () => {
    for (const bad of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "java\nscript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "/relative",
      "//evil.example",
      "",
    ]) {
      expect(safeHref(bad), bad).toBeNull();
    }
  });
});

describe("markdownTree", () => {
  it("renders headings, lists, emphasis and links", () => {
    const tree = markdownTree("# Returns\n\nSend it **back** within *30 days*.\n\n- one\n- two\n\n1. a\n2. b\n\n[Form](https://shop.example/form)");
    const tags = elements(tree).map((e) => e.tag);
    expect(tags).toEqual(["h1", "p", "strong", "em", "ul", "li", "li", "ol", "li", "li", "p", "a"]);
    const link = elements(tree).find((e) => e.tag === "a");
    expect(link?.href).toBe("https://shop.example/form");
    expect(textOf(tree)).toContain("Send it back within 30 days.");
  });

  it("shows raw HTML as text and never makes an element of it", () => {
    const hostile = [
      "<script>alert(1)</script>",
      "Hello <img src=x onerror=alert(1)> there",
      '<div onclick="steal()">click</div>',
      "- item <iframe src=https://evil.example></iframe>",
      "# Title <svg onload=alert(1)>",
    ].join("\n\n");
    const tree = markdownTree(hostile);
    for (const e of elements(tree)) expect(ALLOWED.has(e.tag), e.tag).toBe(true);
    const text = textOf(tree);
    expect(text).toContain("<script>alert(1)</script>");
    expect(text).toContain("<img src=x onerror=alert(1)>");
    expect(text).toContain('<div onclick="steal()">click</div>');
    expect(text).toContain("<iframe src=https://evil.example></iframe>");
    expect(text).toContain("<svg onload=alert(1)>");
    // No element carries anything but an href, and only links carry one.
    for (const e of elements(tree)) {
      expect(Object.keys(e).sort()).toEqual(e.tag === "a" ? ["children", "href", "tag"] : ["children", "tag"]);
    }
  });

  it("turns links to javascript:, data: and relative addresses into their text", () => {
    const tree = markdownTree(
      "[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) [d](/admin) <javascript:alert(1)> [e](https://ok.example)",
    );
    const links = elements(tree).filter((e) => e.tag === "a");
    expect(links.map((l) => l.href)).toEqual(["https://ok.example"]);
    expect(textOf(tree)).toContain("a b c d");
  });

  it("does not load images: their description stands in", () => {
    const tree = markdownTree("![cat](https://evil.example/track.png) and ![x](javascript:alert(1))");
    expect(elements(tree).map((e) => e.tag)).toEqual(["p"]);
    expect(textOf(tree)).toBe("cat and x");
  });

  it("keeps code as text", () => {
    const tree = markdownTree("```\n<b>bold?</b>\n```\n\nUse `<em>` here");
    expect(elements(tree).map((e) => e.tag)).toEqual(["pre", "code", "p", "code"]);
    expect(textOf(tree)).toContain("<b>bold?</b>");
    expect(textOf(tree)).toContain("<em>");
  });
});

describe("chatTextTree", () => {
  it("makes bare http(s) and e-mail addresses links and leaves the rest as typed", () => {
    const tree = chatTextTree("see https://shop.example/track?id=1&x=2 or write help@shop.example, **thanks**");
    const links = elements(tree).filter((e) => e.tag === "a");
    expect(links.map((l) => l.href)).toEqual(["https://shop.example/track?id=1&x=2", "mailto:help@shop.example"]);
    expect(textOf(tree)).toBe("see https://shop.example/track?id=1&x=2 or write help@shop.example, **thanks**");
  });

  it("shows disguised and script links exactly as typed, without a link", () => {
    const typed = "[your refund](https://evil.example) [x](javascript:alert(1)) <img src=x onerror=alert(1)> javascript:alert(1)";
    const tree = chatTextTree(typed);
    expect(elements(tree)).toEqual([]);
    expect(textOf(tree)).toBe(typed);
  });
});

describe("markdownPlainText", () => {
  it("reflows paragraphs and turns Markdown into plain formatting", () => {
    const text = markdownPlainText(
      "# Returns\n\nYou can send an item back\nwithin **30 days**  of delivery.\n\n- Pack it\n- Print the *label*\n\n1. First\n2. Second\n\nSee [the form](https://shop.example/form) or https://shop.example.",
    );
    expect(text).toBe(
      "Returns\n\nYou can send an item back within 30 days of delivery.\n\n• Pack it\n• Print the label\n\n1. First\n2. Second\n\nSee the form (https://shop.example/form) or https://shop.example.",
    );
  });

  it("keeps raw HTML as written and drops unsafe link addresses", () => {
    expect(markdownPlainText("Hi <b>there</b> [x](javascript:alert(1))")).toBe("Hi <b>there</b> x");
  });

  it("reflows Chinese lines without a space between Chinese characters", () => {
    expect(markdownPlainText("## 退货\n\n七天内\n可以退货。")).toBe("退货\n\n七天内可以退货。");
  });
});
