import { describe, expect, it } from "vitest";
import { KbApiError } from "./kb_articles";
import { KbLearnedList, type KbLearnedApi, type LearnedQuestion } from "./kb_learned";

function learned(id: number, question: string): LearnedQuestion {
  return { id, question, source: "agent", weight: 1, created_at: 1, last_seen_at: 1 };
}

/** An in-memory learned-question REST, with a failure or a held answer on demand. */
class FakeApi implements KbLearnedApi {
  byArticle = new Map<number, LearnedQuestion[]>([
    [7, [learned(1, "能开公司抬头吗"), learned(2, "<b>发票</b>")]],
    [8, [learned(3, "改地址")]],
  ]);
  calls: string[] = [];
  failNext: KbApiError | null = null;
  hold: Promise<void> | null = null;

  private check(): void {
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure;
  }
  async list(articleId: number) {
    this.calls.push(`list ${articleId}`);
    if (this.hold) await this.hold;
    this.check();
    return [...(this.byArticle.get(articleId) ?? [])];
  }
  async remove(articleId: number, id: number) {
    this.calls.push(`remove ${articleId}/${id}`);
    this.check();
    this.byArticle.set(articleId, (this.byArticle.get(articleId) ?? []).filter((q) => q.id !== id));
  }
}

describe("KbLearnedList", () => {
  it("loads an article's questions as they are, and removes one", async () => {
    const api = new FakeApi();
    let renders = 0;
    const list = new KbLearnedList(api, () => renders++);
    await list.load(7);
    expect(list.items.map((q) => q.question)).toEqual(["能开公司抬头吗", "<b>发票</b>"]);
    await list.remove(1);
    expect(api.calls).toEqual(["list 7", "remove 7/1"]);
    expect(list.items.map((q) => q.id)).toEqual([2]);
    expect(list.problem).toBeNull();
    expect(renders).toBeGreaterThan(2);
  });

  it("keeps the list when the server refuses, and says why", async () => {
    const api = new FakeApi();
    const list = new KbLearnedList(api, () => {});
    await list.load(7);
    api.failNext = new KbApiError(403, "forbidden", "", "");
    await list.remove(1);
    expect(list.problem).toBe("forbidden");
    expect(list.items.map((q) => q.id)).toEqual([1, 2]);
    api.failNext = new KbApiError(404, "not_found", "", "no such learned question");
    await list.remove(2);
    expect(list.problem).toBe("gone");
    expect(list.busy).toBe(false);
  });

  it("shows only the article opened last, and nothing for a new one", async () => {
    const api = new FakeApi();
    const list = new KbLearnedList(api, () => {});
    let release: () => void = () => {};
    api.hold = new Promise((r) => (release = r));
    const slow = list.load(7);
    api.hold = null;
    await list.load(8);
    release();
    await slow;
    expect(list.articleId).toBe(8);
    expect(list.items.map((q) => q.id)).toEqual([3]);
    await list.load(null);
    expect(list.items).toEqual([]);
    expect(api.calls).toEqual(["list 7", "list 8"]);
  });
});
