// The questions the shop's conversations taught the search about an article (GET
// /api/kb/articles/{id}/learned, DELETE /api/kb/articles/{id}/learned/{learned_id}): what
// customers asked when an agent inserted it or when they said it helped. The admin reads them
// on the article and removes the wrong ones.
import { KbApiError, call } from "./kb_articles";

export interface LearnedQuestion {
  id: number;
  question: string;
  source: "agent" | "customer";
  weight: number;
  created_at: number;
  last_seen_at: number;
}

export interface KbLearnedApi {
  list(articleId: number): Promise<LearnedQuestion[]>;
  remove(articleId: number, id: number): Promise<void>;
}

/** State of the "Learned questions" list of the article open in the editor; `onChange` renders again. */
export class KbLearnedList {
  /** The article whose questions `items` are (null: none open). */
  articleId: number | null = null;
  items: LearnedQuestion[] = [];
  /** "forbidden", "gone" (the article or question no longer exists), or the server's message. */
  problem: string | null = null;
  busy = false;
  private loads = 0;

  constructor(
    private readonly api: KbLearnedApi,
    private readonly onChange: () => void,
  ) {}

  /** Shows the learned questions of `articleId` (null: clears the list). */
  async load(articleId: number | null): Promise<void> {
    const load = ++this.loads;
    this.articleId = articleId;
    this.items = [];
    this.problem = null;
    this.onChange();
    if (articleId === null) return;
    try {
      const items = await this.api.list(articleId);
      if (load !== this.loads) return;  // another article was opened meanwhile
      this.items = items;
    } catch (e) {
      if (load !== this.loads) return;
      this.problem = problemOf(e);
    }
    this.onChange();
  }

  async remove(id: number): Promise<void> {
    const articleId = this.articleId;
    if (articleId === null) return;
    this.busy = true;
    this.problem = null;
    this.onChange();
    try {
      await this.api.remove(articleId, id);
      if (this.articleId === articleId) this.items = this.items.filter((q) => q.id !== id);
    } catch (e) {
      this.problem = problemOf(e);
    }
    this.busy = false;
    this.onChange();
  }
}

function problemOf(e: unknown): string {
  if (e instanceof KbApiError) {
    if (e.status === 403) return "forbidden";
    if (e.status === 404) return "gone";
    return e.detail || e.code;
  }
  return String(e);
}

/** The learned-question REST over fetch, on the page's own origin with its session cookie. */
export const httpKbLearnedApi: KbLearnedApi = {
  list: async (articleId) =>
    (await call<{ learned: LearnedQuestion[] }>(`/api/kb/articles/${articleId}/learned`, "GET")).learned,
  remove: async (articleId, id) => {
    await call<null>(`/api/kb/articles/${articleId}/learned/${id}`, "DELETE");
  },
};
