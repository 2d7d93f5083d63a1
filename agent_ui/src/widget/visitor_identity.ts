import { requestJson } from "../net/http";

const TOKEN_KEY = "kefu.visitor.token";

/** Storage for the token; localStorage in the browser, a Map in tests or when storage is blocked. */
export interface TokenStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The visitor's identity on one Kefu server: its token, kept across page loads. */
export class VisitorIdentity {
  private token: string | null;
  visitorId: string | null = null;

  constructor(
    private readonly server: string,
    private readonly store: TokenStore,
  ) {
    this.token = safeGet(store, TOKEN_KEY);
  }

  /** Whether this browser has talked to Kefu before (it holds a token). */
  get known(): boolean {
    return this.token !== null;
  }

  /** The token held now (null before the first `refresh`). */
  get current(): string | null {
    return this.token;
  }

  /**
   * Asks the server for a valid token, handing back the one held: the server returns the same
   * one if it is still valid, a new one otherwise. The answer is stored.
   */
  async refresh(): Promise<string> {
    const asked = this.token;
    const answer = await requestJson<{ token: string; visitor_id: string }>(
      new URL("/api/widget/visitor", this.server).toString(),
      { body: asked ? { token: asked } : {}, credentials: "omit" },
    );
    // A token adopted meanwhile (a new visitor session) wins over the answer for the old one.
    if (this.token !== asked && this.token !== null) return this.token;
    this.token = answer.token;
    this.visitorId = answer.visitor_id;
    try {
      this.store.setItem(TOKEN_KEY, answer.token);
    } catch {
      // Blocked storage: the token lasts for this page only.
    }
    return answer.token;
  }

  /**
   * Takes the token of a new visitor session the server started in place of this one (the shop
   * signed another of its customers in on this browser); the old token is forgotten.
   */
  adopt(token: string, visitorId: string): void {
    this.token = token;
    this.visitorId = visitorId;
    try {
      this.store.setItem(TOKEN_KEY, token);
    } catch {
      // Blocked storage: the token lasts for this page only.
    }
  }
}

function safeGet(store: TokenStore, key: string): string | null {
  try {
    return store.getItem(key);
  } catch {
    return null;
  }
}

/** localStorage when the page may use it, else a store that forgets on reload. */
export function browserTokenStore(): TokenStore {
  try {
    const probe = "kefu.probe";
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    const memory = new Map<string, string>();
    return { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v) };
  }
}
