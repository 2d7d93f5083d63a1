// The synonym groups of the knowledge base (GET/POST /api/kb/synonyms, DELETE
// /api/kb/synonyms/{id}): the words shoppers use for one thing, which the admin extends.
import { KbApiError, call } from "./kb_articles";

export interface SynonymGroup {
  id: number;
  words: string[];
}

export interface SynonymList {
  built_in: string[][];
  groups: SynonymGroup[];
}

export interface KbSynonymApi {
  list(): Promise<SynonymList>;
  add(words: string[]): Promise<SynonymGroup>;
  remove(id: number): Promise<void>;
}

/** The words of what the admin typed: split at commas (also 、 and ，) and line breaks, trimmed, once each. */
export function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const w of text.split(/[,，、\n]/)) {
    const word = w.trim();
    if (word && !out.includes(word)) out.push(word);
  }
  return out;
}

/** Whether `words` is a group the server takes: 2 to 20 words. */
export function isGroup(words: string[]): boolean {
  return words.length >= 2 && words.length <= 20;
}

/** State of the synonym panel; `onChange` asks the page to render again. */
export class KbSynonymEditor {
  builtIn: string[][] = [];
  groups: SynonymGroup[] = [];
  draft = "";
  /** "words" when the draft is not a group, "forbidden", or the server's message. */
  problem: string | null = null;
  busy = false;

  constructor(
    private readonly api: KbSynonymApi,
    private readonly onChange: () => void,
  ) {}

  async load(): Promise<void> {
    try {
      const list = await this.api.list();
      this.builtIn = list.built_in;
      this.groups = list.groups;
      this.problem = null;
    } catch (e) {
      this.problem = problemOf(e);
    }
    this.onChange();
  }

  setDraft(text: string): void {
    this.draft = text;
    this.problem = null;
    this.onChange();
  }

  async add(): Promise<void> {
    const words = wordsOf(this.draft);
    if (!isGroup(words)) {
      this.problem = "words";
      this.onChange();
      return;
    }
    await this.run(async () => {
      const group = await this.api.add(words);
      this.groups = [...this.groups, group];
      this.draft = "";
    });
  }

  async remove(id: number): Promise<void> {
    await this.run(async () => {
      await this.api.remove(id);
      this.groups = this.groups.filter((g) => g.id !== id);
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.problem = null;
    this.onChange();
    try {
      await work();
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
    if (e.code === "invalid_synonyms") return "words";
    return e.detail || e.code;
  }
  return String(e);
}

/** The synonym REST over fetch, on the page's own origin with its session cookie. */
export const httpKbSynonymApi: KbSynonymApi = {
  list: () => call<SynonymList>("/api/kb/synonyms", "GET"),
  add: (words) => call<SynonymGroup>("/api/kb/synonyms", "POST", { words }),
  remove: async (id) => {
    await call<null>(`/api/kb/synonyms/${id}`, "DELETE");
  },
};
