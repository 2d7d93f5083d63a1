import { afterEach, describe, expect, it, vi } from "vitest";
import { VisitorIdentity, type TokenStore } from "./visitor_identity";

class MemoryStore implements TokenStore {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

afterEach(() => vi.unstubAllGlobals());

describe("VisitorIdentity", () => {
  it("asks for a new token the first time and keeps it", async () => {
    const fetch = vi.fn(async () => answer(200, { token: "T1", visitor_id: "v_1" }));
    vi.stubGlobal("fetch", fetch);
    const store = new MemoryStore();
    const identity = new VisitorIdentity("https://kefu.example", store);
    expect(identity.known).toBe(false);
    expect(await identity.refresh()).toBe("T1");
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://kefu.example/api/widget/visitor");
    expect(init.method).toBe("POST");
    expect(JSON.parse(init.body as string)).toEqual({});
    expect(store.items.get("kefu.visitor.token")).toBe("T1");
    expect(identity.visitorId).toBe("v_1");
  });

  it("hands back the token it holds, and takes a replacement when the server gives one", async () => {
    const fetch = vi.fn(async () => answer(200, { token: "T2", visitor_id: "v_2" }));
    vi.stubGlobal("fetch", fetch);
    const store = new MemoryStore();
    store.setItem("kefu.visitor.token", "T-old");
    const identity = new VisitorIdentity("https://kefu.example", store);
    expect(identity.known).toBe(true);
    await identity.refresh();
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toEqual({ token: "T-old" });
    expect(store.items.get("kefu.visitor.token")).toBe("T2");
  });

  it("keeps the old token when the request fails", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => answer(503, { error: "unavailable" })));
    const store = new MemoryStore();
    store.setItem("kefu.visitor.token", "T-old");
    const identity = new VisitorIdentity("https://kefu.example", store);
    await expect(identity.refresh()).rejects.toMatchObject({ status: 503, code: "unavailable" });
    expect(identity.current).toBe("T-old");
  });

  it("adopts the new session the server started for another shop customer, forgetting the old token", () => {
    const store = new MemoryStore();
    store.setItem("kefu.visitor.token", "T-first");
    const identity = new VisitorIdentity("https://kefu.example", store);
    identity.adopt("T-second", "v_2");
    expect(identity.current).toBe("T-second");
    expect(identity.visitorId).toBe("v_2");
    expect(store.items.get("kefu.visitor.token")).toBe("T-second");
  });

  it("keeps an adopted token over the answer to a refresh that was already on its way", async () => {
    let release: (r: Response) => void = () => {};
    vi.stubGlobal("fetch", vi.fn(() => new Promise<Response>((r) => (release = r))));
    const store = new MemoryStore();
    store.setItem("kefu.visitor.token", "T-first");
    const identity = new VisitorIdentity("https://kefu.example", store);
    const refreshed = identity.refresh();
    identity.adopt("T-second", "v_2");
    release(answer(200, { token: "T-anonymous", visitor_id: "v_3" }));
    expect(await refreshed).toBe("T-second");
    expect(identity.current).toBe("T-second");
    expect(store.items.get("kefu.visitor.token")).toBe("T-second");
  });
});
