/**
 * The admins' article editor state and its calls to /api/kb/articles (docs/protocol.md).
 * Plain TypeScript: the page element only renders what KbArticleEditor holds.
 */

export type ArticleStatus = "draft" | "published";
export type ArticleLocale = "zh" | "en";

/** An article as GET /api/kb/articles answers it. */
export interface KbArticle {
  id: number;
  slug: string;
  title: string;
  body: string;
  tags: string[];
  locale: ArticleLocale;
  status: ArticleStatus;
  version: number;
  created_at: number;
  updated_at: number;
}

/** What the form holds; tags as the admin types them (comma separated). */
export interface ArticleForm {
  title: string;
  body: string;
  locale: ArticleLocale;
  tags: string;
  status: ArticleStatus;
}

/** Which field a problem is about ("" for the article as a whole) and why. */
export interface FieldProblem {
  field: string;
  reason: "title" | "body" | "locale" | "tags" | "taken" | "forbidden" | "failed" | "other";
  message?: string;
}

/** A non-2xx answer of the article REST, with the `field` a 400 names. */
export class KbApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`HTTP ${status} ${code}`);
  }
}

/** The article REST, as the editor needs it (a fake in tests). */
export interface KbArticleApi {
  list(): Promise<KbArticle[]>;
  create(body: ArticleBody): Promise<KbArticle>;
  update(id: number, body: ArticleBody): Promise<KbArticle>;
  remove(id: number): Promise<void>;
}

/** The JSON a POST or PUT sends. */
export interface ArticleBody {
  title: string;
  body: string;
  locale: ArticleLocale;
  tags: string[];
  status: ArticleStatus;
}

const MAX_BODY_BYTES = 200 * 1024;

export function emptyForm(locale: ArticleLocale = "zh"): ArticleForm {
  return { title: "", body: "", locale, tags: "", status: "draft" };
}

export function formOf(a: KbArticle): ArticleForm {
  return { title: a.title, body: a.body, locale: a.locale, tags: a.tags.join(", "), status: a.status };
}

/** The tags of the form: split on commas (ASCII or full-width), trimmed, blanks dropped. */
export function tagsOf(text: string): string[] {
  return text
    .split(/[,，]/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/** The same rules as the server's, checked before sending; null when the form is fine. */
export function checkForm(form: ArticleForm): FieldProblem | null {
  const title = form.title.trim();
  if (title.length === 0 || [...title].length > 200) return { field: "title", reason: "title" };
  if (new TextEncoder().encode(form.body).length > MAX_BODY_BYTES) return { field: "body", reason: "body" };
  if (form.locale !== "zh" && form.locale !== "en") return { field: "locale", reason: "locale" };
  const tags = tagsOf(form.tags);
  if (tags.length > 20 || tags.some((t) => [...t].length > 40)) return { field: "tags", reason: "tags" };
  return null;
}

export function bodyOf(form: ArticleForm): ArticleBody {
  return { title: form.title.trim(), body: form.body, locale: form.locale, tags: tagsOf(form.tags), status: form.status };
}

/** What a failed call means for the form. */
export function problemOf(error: unknown): FieldProblem {
  if (!(error instanceof KbApiError)) return { field: "", reason: "failed" };
  if (error.status === 401 || error.status === 403) return { field: "", reason: "forbidden" };
  if (error.status === 409) return { field: "", reason: "taken" };
  if (error.status === 400) {
    const known = ["title", "body", "locale", "tags"] as const;
    const field = known.find((f) => f === error.field);
    return field ? { field, reason: field } : { field: error.field, reason: "other", message: error.detail };
  }
  return { field: "", reason: "failed" };
}

/**
 * The editor: the article list, the one being edited (null id: a new one), the form, and the
 * outcome of the last save or delete. `onChange` runs after every change of state.
 */
export class KbArticleEditor {
  articles: KbArticle[] = [];
  selectedId: number | null = null;
  form: ArticleForm = emptyForm();
  problem: FieldProblem | null = null;
  saved: { version: number } | null = null;
  deleted = false;
  busy = false;

  constructor(
    private readonly api: KbArticleApi,
    private readonly onChange: () => void = () => {},
  ) {}

  async load(): Promise<void> {
    try {
      this.articles = await this.api.list();
      this.problem = null;
    } catch (error) {
      this.problem = problemOf(error);
    }
    this.onChange();
  }

  select(id: number): void {
    const article = this.articles.find((a) => a.id === id);
    if (!article) return;
    this.selectedId = id;
    this.form = formOf(article);
    this.clearOutcome();
  }

  startNew(locale: ArticleLocale = "zh"): void {
    this.selectedId = null;
    this.form = emptyForm(locale);
    this.clearOutcome();
  }

  edit<K extends keyof ArticleForm>(field: K, value: ArticleForm[K]): void {
    this.form = { ...this.form, [field]: value };
    if (this.problem?.field === field) this.problem = null;
    this.saved = null;
    this.onChange();
  }

  /** Checks and sends the form; on success the list and the selection follow the server. */
  async save(): Promise<boolean> {
    const problem = checkForm(this.form);
    if (problem) {
      this.problem = problem;
      this.onChange();
      return false;
    }
    this.busy = true;
    this.onChange();
    try {
      const body = bodyOf(this.form);
      const article =
        this.selectedId === null ? await this.api.create(body) : await this.api.update(this.selectedId, body);
      const others = this.articles.filter((a) => a.id !== article.id);
      this.articles = [...others, article].sort((a, b) => a.id - b.id);
      this.selectedId = article.id;
      this.form = formOf(article);
      this.problem = null;
      this.saved = { version: article.version };
      return true;
    } catch (error) {
      this.problem = problemOf(error);
      return false;
    } finally {
      this.busy = false;
      this.onChange();
    }
  }

  async remove(): Promise<boolean> {
    if (this.selectedId === null) return false;
    const id = this.selectedId;
    this.busy = true;
    this.onChange();
    try {
      await this.api.remove(id);
      this.articles = this.articles.filter((a) => a.id !== id);
      this.selectedId = null;
      this.form = emptyForm(this.form.locale);
      this.problem = null;
      this.deleted = true;
      return true;
    } catch (error) {
      this.problem = problemOf(error);
      return false;
    } finally {
      this.busy = false;
      this.onChange();
    }
  }

  private clearOutcome(): void {
    this.problem = null;
    this.saved = null;
    this.deleted = false;
    this.onChange();
  }
}

/** One JSON call to the knowledge-base REST; a refusal throws KbApiError. */
export async function call<T>(url: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const e = (data ?? {}) as { error?: unknown; field?: unknown; message?: unknown };
    throw new KbApiError(
      response.status,
      typeof e.error === "string" ? e.error : `http_${response.status}`,
      typeof e.field === "string" ? e.field : "",
      typeof e.message === "string" ? e.message : "",
    );
  }
  return data as T;
}

/** The article REST over fetch, on the page's own origin with its session cookie. */
export const httpKbArticleApi: KbArticleApi = {
  list: async () => (await call<{ articles: KbArticle[] }>("/api/kb/articles", "GET")).articles,
  create: (body) => call<KbArticle>("/api/kb/articles", "POST", body),
  update: (id, body) => call<KbArticle>(`/api/kb/articles/${id}`, "PUT", body),
  remove: async (id) => {
    await call<null>(`/api/kb/articles/${id}`, "DELETE");
  },
};
