import { describe, expect, it } from "vitest";
import type { ServerEvent, SuggestedArticle } from "../protocol/types";
import { MAX_SUGGESTIONS, Suggestions, articleReplyText, insertIntoDraft } from "./suggestions";

function article(id: number, score: number, extra: Partial<SuggestedArticle> = {}): SuggestedArticle {
  return { id, title: `A${id}`, snippet: `s${id}`, score, confident: false, body: `body ${id}`, ...extra };
}

describe("Suggestions", () => {
  it("keeps the newest frame per conversation, best score first", () => {
    const s = new Suggestions();
    expect(s.apply({ type: "suggestions", conversation_id: 42, articles: [article(1, 2), article(2, 9)] })).toBe(true);
    expect(s.forConversation(42).map((a) => a.id)).toEqual([2, 1]);
    s.apply({ type: "suggestions", conversation_id: 42, articles: [article(3, 1)] });
    expect(s.forConversation(42).map((a) => a.id)).toEqual([3]);
    expect(s.forConversation(7)).toEqual([]);
  });

  it("drops malformed articles, caps the list and ignores other events", () => {
    const s = new Suggestions();
    const many = Array.from({ length: 8 }, (_, i) => article(i + 1, i));
    const bad = { id: "x", title: 3 } as unknown as SuggestedArticle;
    s.apply({ type: "suggestions", conversation_id: 1, articles: [bad, ...many] });
    expect(s.forConversation(1).length).toBe(MAX_SUGGESTIONS);
    expect(s.forConversation(1)[0].id).toBe(8);
    expect(s.apply({ type: "typing", conversation_id: 1, author: "customer", active: true } as ServerEvent)).toBe(false);
    expect(s.apply({ type: "suggestions", conversation_id: 2, articles: null } as unknown as ServerEvent)).toBe(true);
    expect(s.forConversation(2)).toEqual([]);
  });

  it("records the use of an article and answers the body for /api/kb/used", () => {
    const s = new Suggestions();
    expect(s.wasUsed(42, 7)).toBe(false);
    expect(s.markUsed(42, 7)).toEqual({ conversation_id: 42, article_id: 7 });
    expect(s.wasUsed(42, 7)).toBe(true);
    expect(s.wasUsed(43, 7)).toBe(false);
  });
});

describe("article text for the reply box", () => {
  it("strips Markdown headings, bold and link syntax", () => {
    const text = articleReplyText({
      title: "Returns",
      snippet: "",
      body: "# 退货政策 Returns\n\n\n\nReturn **within 30 days** via [our form](https://shop.example/returns).",
    });
    expect(text).toBe("退货政策 Returns\n\nReturn within 30 days via our form (https://shop.example/returns).");
  });

  it("falls back to the snippet, then the title; keeps markup-like text as text", () => {
    expect(articleReplyText({ title: "T", snippet: "snip", body: "  " })).toBe("snip");
    expect(articleReplyText({ title: "T", snippet: "", body: "" })).toBe("T");
    expect(articleReplyText({ title: "T", snippet: "", body: "<img src=x onerror=alert(1)>" })).toBe(
      "<img src=x onerror=alert(1)>",
    );
  });

  it("replaces an empty draft and appends to a written one", () => {
    expect(insertIntoDraft("  ", "Article")).toBe("Article");
    expect(insertIntoDraft("Hello,  ", "Article")).toBe("Hello,\n\nArticle");
  });
});

describe("what the customer already tried", () => {
  it("keeps the tried answers and puts a rejected article last, never confident", () => {
    const s = new Suggestions();
    s.apply({
      type: "suggestions",
      conversation_id: 5,
      articles: [article(1, 9, { confident: true, rejected: true }), article(2, 3), article(3, 1)],
      tried: [
        { id: 1, title: "A1", at: 10, helped: false },
        { id: 4, title: "A4", at: 11, helped: "yes" as unknown as boolean },
        { id: "x", title: 1 } as unknown as { id: number; title: string; at: number; helped: boolean | null },
      ],
    });
    expect(s.forConversation(5).map((a) => a.id)).toEqual([2, 3, 1]);
    expect(s.forConversation(5)[2]).toMatchObject({ rejected: true, confident: false });
    expect(s.triedIn(5)).toEqual([
      { id: 1, title: "A1", at: 10, helped: false },
      { id: 4, title: "A4", at: 11, helped: null },
    ]);
    expect(s.triedIn(6)).toEqual([]);
  });

  it("inserts an article as clean text: paragraphs reflowed, Markdown as plain formatting", () => {
    const text = articleReplyText({
      title: "Returns",
      snippet: "",
      body: "## Returns\n\nSend it back\nwithin **30 days**.\n\n- Pack it\n- Print the [label](https://shop.example/l)",
    });
    expect(text).toBe("Returns\n\nSend it back within 30 days.\n\n• Pack it\n• Print the label (https://shop.example/l)");
  });
});
