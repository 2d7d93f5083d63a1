import { describe, expect, it } from "vitest";
import { FakeTimers } from "../testing/fakes";
import { KbLookup, KbMissing, readKbAnswer, type KbResult } from "./kb_lookup";

function setup(search: (q: string) => Promise<unknown>) {
  const timers = new FakeTimers();
  const results: (KbResult | null)[] = [];
  const asked: string[] = [];
  const lookup = new KbLookup({
    search: (q) => {
      asked.push(q);
      return search(q);
    },
    onResult: (r) => results.push(r),
    delayMs: 300,
    timers,
  });
  return { timers, results, asked, lookup };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("KbLookup", () => {
  it("searches once, 300 ms after the last keystroke", async () => {
    const { timers, asked, results, lookup } = setup(async (q) => ({ articles: [{ id: 1, title: `T ${q}`, snippet: "s" }] }));
    lookup.typed("ret");
    timers.advance(200);
    lookup.typed("retu");
    timers.advance(200);
    lookup.typed("return");
    timers.advance(299);
    expect(asked).toEqual([]);
    timers.advance(1);
    await flush();
    expect(asked).toEqual(["return"]);
    expect(results.at(-1)).toEqual({ query: "return", articles: [{ id: 1, title: "T return", snippet: "s" }], answer: null });
  });

  it("drops an answer to a query the customer has typed past", async () => {
    const pending: ((v: unknown) => void)[] = [];
    const { timers, results, lookup } = setup((q) => new Promise((resolve) => pending.push(() => resolve({ articles: [{ id: q.length, title: q, snippet: "" }] }))));
    lookup.typed("refund");
    timers.advance(300);
    lookup.typed("refund please");
    timers.advance(300);
    pending[1](null);
    await flush();
    pending[0](null);
    await flush();
    expect(results.map((r) => r?.query)).toEqual(["refund please"]);
  });

  it("clears the result for a short draft and goes quiet once the endpoint is missing", async () => {
    const { timers, results, asked, lookup } = setup(async () => {
      throw new KbMissing();
    });
    lookup.typed("hi");
    expect(results).toEqual([null]);
    lookup.typed("where is my parcel");
    timers.advance(300);
    await flush();
    lookup.typed("where is my parcel now");
    timers.advance(300);
    await flush();
    expect(asked).toEqual(["where is my parcel"]);
  });

  it("keeps the last result when a search fails for another reason", async () => {
    let fail = false;
    const { timers, results, lookup } = setup(async () => {
      if (fail) throw new Error("429");
      return { articles: [] };
    });
    lookup.typed("shipping");
    timers.advance(300);
    await flush();
    fail = true;
    lookup.typed("shipping cost");
    timers.advance(300);
    await flush();
    expect(results.length).toBe(1);
  });
});

describe("readKbAnswer", () => {
  it("keeps at most three well-formed articles and a complete answer", () => {
    const r = readKbAnswer("q", {
      articles: [{ id: 1, title: "a" }, { id: "x", title: "bad" }, { id: 2, title: "b", snippet: "s" }, { id: 3, title: "c" }, { id: 4, title: "d" }],
      answer: { id: 1, title: "a", body: "Returns within 30 days" },
    });
    expect(r.articles.map((a) => a.id)).toEqual([1, 2, 3]);
    expect(r.answer).toEqual({ id: 1, title: "a", body: "Returns within 30 days" });
    expect(readKbAnswer("q", { articles: [], answer: { id: 1, title: "no body" } }).answer).toBeNull();
    expect(readKbAnswer("q", "nonsense")).toEqual({ query: "q", articles: [], answer: null });
  });
});
