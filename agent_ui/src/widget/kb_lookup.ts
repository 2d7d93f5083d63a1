/** An article the widget may show while the customer types. */
export interface KbArticle {
  id: number;
  title: string;
  snippet: string;
}

/** An answer confident enough to give without a person. */
export interface KbAnswer {
  id: number;
  title: string;
  body: string;
}

export interface KbResult {
  query: string;
  articles: KbArticle[];
  answer: KbAnswer | null;
}

/** What `search` answers: the body of GET /api/kb/search, or "missing" (404) / "busy" (429 etc). */
export type KbSearch = (q: string) => Promise<unknown>;

export interface KbLookupOptions {
  search: KbSearch;
  onResult: (result: KbResult | null) => void;
  delayMs?: number;
  /** Shortest query (in characters, trimmed) that is searched. */
  minLength?: number;
  timers?: { setTimeout(cb: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

/** How many articles the widget shows. */
export const MAX_WIDGET_ARTICLES = 3;

/** Raised by a `search` whose endpoint does not exist: lookups stop for this page. */
export class KbMissing extends Error {}

/** Reads a search answer defensively: at most 3 well-formed articles and an optional answer. */
export function readKbAnswer(query: string, body: unknown): KbResult {
  const data = (typeof body === "object" && body !== null ? body : {}) as { articles?: unknown; answer?: unknown };
  const articles = (Array.isArray(data.articles) ? data.articles : [])
    .filter((a): a is KbArticle => !!a && typeof a.id === "number" && typeof a.title === "string")
    .slice(0, MAX_WIDGET_ARTICLES)
    .map((a) => ({ id: a.id, title: a.title, snippet: typeof a.snippet === "string" ? a.snippet : "" }));
  const a = data.answer as Partial<KbAnswer> | null | undefined;
  const answer =
    a && typeof a.id === "number" && typeof a.title === "string" && typeof a.body === "string"
      ? { id: a.id, title: a.title, body: a.body }
      : null;
  return { query, articles, answer };
}

/**
 * Searches the knowledge base as the customer types: waits `delayMs` after the last keystroke,
 * drops answers to queries the customer has already typed past, and goes quiet for good once the
 * endpoint is missing. Failures (rate limit, network) leave the last result in place.
 */
export class KbLookup {
  private timer: unknown = null;
  private serial = 0;
  private missing = false;
  private readonly delayMs: number;
  private readonly minLength: number;
  private readonly timers: NonNullable<KbLookupOptions["timers"]>;

  constructor(private readonly options: KbLookupOptions) {
    this.delayMs = options.delayMs ?? 300;
    this.minLength = options.minLength ?? 3;
    this.timers = options.timers ?? {
      setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    };
  }

  /** The customer's draft changed. */
  typed(draft: string): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const q = draft.trim();
    if (this.missing) return;
    if (q.length < this.minLength) {
      this.serial += 1;
      this.options.onResult(null);
      return;
    }
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.run(q);
    }, this.delayMs);
  }

  /** Forget the current result (the message was sent, the answer helped). */
  clear(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.serial += 1;
    this.options.onResult(null);
  }

  private async run(q: string): Promise<void> {
    const serial = ++this.serial;
    try {
      const body = await this.options.search(q);
      if (serial === this.serial) this.options.onResult(readKbAnswer(q, body));
    } catch (error) {
      if (error instanceof KbMissing) {
        this.missing = true;
        if (serial === this.serial) this.options.onResult(null);
      }
    }
  }
}
