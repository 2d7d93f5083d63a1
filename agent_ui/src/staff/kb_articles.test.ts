import { describe, expect, it } from "vitest";
import { KB_TEXTS } from "./kb_texts";
import {
  KbApiError,
  KbArticleEditor,
  checkForm,
  emptyForm,
  tagsOf,
  type ArticleBody,
  type KbArticle,
  type KbArticleApi,
} from "./kb_articles";

/** An in-memory article REST that applies the server's answers (and can fail on demand). */
class FakeApi implements KbArticleApi {
  articles: KbArticle[] = [];
  calls: string[] = [];
  failNext: KbApiError | null = null;
  private next = 1;

  private check(): void {
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure;
  }

  async list() {
    this.calls.push("list");
    this.check();
    return [...this.articles];
  }
  async create(body: ArticleBody) {
    this.calls.push(`create ${body.title}`);
    this.check();
    const a: KbArticle = { id: this.next++, slug: `article-${this.next}`, version: 1, created_at: 1, updated_at: 1, ...body };
    this.articles.push(a);
    return a;
  }
  async update(id: number, body: ArticleBody) {
    this.calls.push(`update ${id}`);
    this.check();
    const old = this.articles.find((a) => a.id === id)!;
    const a = { ...old, ...body, version: old.version + 1 };
    this.articles = this.articles.map((x) => (x.id === id ? a : x));
    return a;
  }
  async remove(id: number) {
    this.calls.push(`remove ${id}`);
    this.check();
    this.articles = this.articles.filter((a) => a.id !== id);
  }
}

describe("article form rules", () => {
  it("splits tags on ASCII and full-width commas and drops blanks", () => {
    expect(tagsOf(" returns, 退货，,  refunds ")).toEqual(["returns", "退货", "refunds"]);
  });

  it("checks the fields the server checks", () => {
    expect(checkForm({ ...emptyForm(), title: "Returns" })).toBeNull();
    expect(checkForm(emptyForm())?.field).toBe("title");
    expect(checkForm({ ...emptyForm(), title: "   " })?.field).toBe("title");
    expect(checkForm({ ...emptyForm(), title: "x".repeat(201) })?.field).toBe("title");
    expect(checkForm({ ...emptyForm(), title: "退".repeat(200) })).toBeNull();
    expect(checkForm({ ...emptyForm(), title: "x", tags: "a".repeat(41) })?.field).toBe("tags");
    expect(checkForm({ ...emptyForm(), title: "x", tags: Array(21).fill("t").join(",") })?.field).toBe("tags");
    expect(checkForm({ ...emptyForm(), title: "x", body: "字".repeat(70_000) })?.field).toBe("body");
  });
});

describe("KbArticleEditor", () => {
  it("creates, edits and deletes an article, following the server's answers", async () => {
    const api = new FakeApi();
    let changes = 0;
    const editor = new KbArticleEditor(api, () => changes++);
    await editor.load();
    expect(editor.articles).toEqual([]);

    editor.startNew("en");
    editor.edit("title", "Gift cards");
    editor.edit("body", "Use **gift cards** online.");
    editor.edit("tags", "cards, gifts");
    editor.edit("status", "published");
    expect(await editor.save()).toBe(true);
    expect(api.calls).toContain("create Gift cards");
    expect(api.articles[0]).toMatchObject({ title: "Gift cards", tags: ["cards", "gifts"], locale: "en", status: "published" });
    expect(editor.selectedId).toBe(1);
    expect(editor.saved).toEqual({ version: 1 });

    editor.edit("title", "Gift cards and vouchers");
    expect(editor.saved).toBeNull();
    expect(await editor.save()).toBe(true);
    expect(api.calls).toContain("update 1");
    expect(editor.articles[0]?.title).toBe("Gift cards and vouchers");
    expect(editor.saved).toEqual({ version: 2 });

    expect(await editor.remove()).toBe(true);
    expect(editor.articles).toEqual([]);
    expect(editor.selectedId).toBeNull();
    expect(editor.deleted).toBe(true);
    expect(changes).toBeGreaterThan(5);
  });

  it("does not send a form the rules reject", async () => {
    const api = new FakeApi();
    const editor = new KbArticleEditor(api);
    editor.startNew();
    expect(await editor.save()).toBe(false);
    expect(editor.problem).toEqual({ field: "title", reason: "title" });
    expect(api.calls).toEqual([]);
    editor.edit("title", "ok");
    expect(editor.problem).toBeNull();
  });

  it("shows the server's field, a taken name and a refusal, keeping the form", async () => {
    const api = new FakeApi();
    const editor = new KbArticleEditor(api);
    editor.startNew();
    editor.edit("title", "Returns");
    api.failNext = new KbApiError(400, "invalid_article", "locale", "locale must be zh or en");
    expect(await editor.save()).toBe(false);
    expect(editor.problem).toEqual({ field: "locale", reason: "locale" });
    expect(editor.form.title).toBe("Returns");
    api.failNext = new KbApiError(409, "slug_taken", "", "taken");
    await editor.save();
    expect(editor.problem?.reason).toBe("taken");
    api.failNext = new KbApiError(403, "forbidden", "", "");
    await editor.save();
    expect(editor.problem?.reason).toBe("forbidden");
    expect(api.articles).toEqual([]);
    expect(await editor.save()).toBe(true);
  });

  it("selects an existing article into the form", async () => {
    const api = new FakeApi();
    await api.create({ title: "退货政策", body: "七天无理由", locale: "zh", tags: ["退货"], status: "published" });
    const editor = new KbArticleEditor(api);
    await editor.load();
    editor.select(1);
    expect(editor.form).toEqual({ title: "退货政策", body: "七天无理由", locale: "zh", tags: "退货", status: "published" });
  });
});

describe("editor texts", () => {
  it("have the same keys in both languages", () => {
    expect(Object.keys(KB_TEXTS["zh-CN"]).sort()).toEqual(Object.keys(KB_TEXTS.en).sort());
  });
});
