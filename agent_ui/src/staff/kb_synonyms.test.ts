import { describe, expect, it } from "vitest";
import { KbApiError } from "./kb_articles";
import { KbSynonymEditor, isGroup, wordsOf, type KbSynonymApi, type SynonymGroup } from "./kb_synonyms";

/** An in-memory synonym REST (and a failure on demand). */
class FakeApi implements KbSynonymApi {
  groups: SynonymGroup[] = [{ id: 1, words: ["礼盒", "礼品盒"] }];
  calls: string[] = [];
  failNext: KbApiError | null = null;
  private next = 2;

  private check(): void {
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure;
  }
  async list() {
    this.calls.push("list");
    this.check();
    return { built_in: [["签收", "收到", "到手"]], groups: [...this.groups] };
  }
  async add(words: string[]) {
    this.calls.push(`add ${words.join("/")}`);
    this.check();
    const group = { id: this.next++, words };
    this.groups.push(group);
    return group;
  }
  async remove(id: number) {
    this.calls.push(`remove ${id}`);
    this.check();
    this.groups = this.groups.filter((g) => g.id !== id);
  }
}

describe("synonym words", () => {
  it("splits at commas of either width, 、 and line breaks, once each", () => {
    expect(wordsOf(" 手提袋, 纸袋，袋子、纸袋\n购物袋 ")).toEqual(["手提袋", "纸袋", "袋子", "购物袋"]);
    expect(wordsOf(" , ，")).toEqual([]);
    expect(isGroup(["a"])).toBe(false);
    expect(isGroup(["a", "b"])).toBe(true);
    expect(isGroup(Array.from({ length: 21 }, (_, i) => `w${i}`))).toBe(false);
  });
});

describe("KbSynonymEditor", () => {
  it("loads, adds and removes groups through the REST", async () => {
    const api = new FakeApi();
    let renders = 0;
    const editor = new KbSynonymEditor(api, () => renders++);
    await editor.load();
    expect(editor.builtIn).toEqual([["签收", "收到", "到手"]]);
    expect(editor.groups.map((g) => g.id)).toEqual([1]);
    editor.setDraft("手提袋，紙袋");
    await editor.add();
    expect(api.calls).toContain("add 手提袋/紙袋");
    expect(editor.groups.map((g) => g.words)).toEqual([["礼盒", "礼品盒"], ["手提袋", "紙袋"]]);
    expect(editor.draft).toBe("");
    await editor.remove(1);
    expect(editor.groups.map((g) => g.id)).toEqual([2]);
    expect(renders).toBeGreaterThan(3);
  });

  it("refuses a draft of one word without asking the server", async () => {
    const api = new FakeApi();
    const editor = new KbSynonymEditor(api, () => {});
    await editor.load();
    editor.setDraft("手提袋");
    await editor.add();
    expect(editor.problem).toBe("words");
    expect(api.calls).toEqual(["list"]);
    expect(editor.groups).toHaveLength(1);
  });

  it("keeps the groups as they were when the server refuses", async () => {
    const api = new FakeApi();
    const editor = new KbSynonymEditor(api, () => {});
    await editor.load();
    editor.setDraft("a, b");
    api.failNext = new KbApiError(400, "invalid_synonyms", "", "a word has a comma");
    await editor.add();
    expect(editor.problem).toBe("words");
    expect(editor.draft).toBe("a, b");
    expect(editor.groups).toHaveLength(1);
    api.failNext = new KbApiError(403, "forbidden", "", "");
    await editor.remove(1);
    expect(editor.problem).toBe("forbidden");
    expect(editor.groups).toHaveLength(1);
  });
});
