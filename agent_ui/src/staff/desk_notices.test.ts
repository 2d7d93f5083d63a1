import { describe, expect, it } from "vitest";
import { NoticeBoard } from "./notice_board";
import { MessageAlerts, MUTE_KEY } from "./message_alerts";
import { DraftStore } from "../state/drafts";
import type { ServerEvent } from "../protocol/types";

function fakeTimers() {
  let now = 1000;
  const pending: { at: number; cb: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    timers: {
      set: (cb: () => void, ms: number) => {
        const id = nextId++;
        pending.push({ at: now + ms, cb, id });
        return id as unknown as ReturnType<typeof setTimeout>;
      },
      clear: (h: ReturnType<typeof setTimeout>) => {
        const i = pending.findIndex((p) => p.id === (h as unknown as number));
        if (i >= 0) pending.splice(i, 1);
      },
    },
    advance(ms: number) {
      now += ms;
      for (const p of [...pending].sort((a, b) => a.at - b.at)) {
        if (p.at <= now && pending.includes(p)) {
          pending.splice(pending.indexOf(p), 1);
          p.cb();
        }
      }
    },
  };
}

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
}

describe("NoticeBoard", () => {
  it("shows notices until dismissed or their time is up, in the language of the moment", () => {
    const clock = fakeTimers();
    let changes = 0;
    const board = new NoticeBoard(() => changes++, 8000, 3, clock.now, clock.timers);
    let language = "en";
    const first = board.add(() => (language === "en" ? "Transferred" : "已转接"));
    clock.advance(3000);
    board.add(() => "second");
    expect(board.current.map((n) => n.text())).toEqual(["Transferred", "second"]);
    language = "zh";
    expect(board.current[0].text()).toBe("已转接");
    board.dismiss(first);
    expect(board.current.map((n) => n.text())).toEqual(["second"]);
    clock.advance(7999);
    expect(board.current.length).toBe(1);
    clock.advance(2);
    expect(board.current.length).toBe(0);
    expect(changes).toBeGreaterThanOrEqual(4);
  });

  it("keeps only the newest few", () => {
    const clock = fakeTimers();
    const board = new NoticeBoard(() => {}, 8000, 2, clock.now, clock.timers);
    for (const text of ["a", "b", "c"]) board.add(() => text);
    expect(board.current.map((n) => n.text())).toEqual(["b", "c"]);
  });
});

describe("MessageAlerts", () => {
  const message = (conversation_id: number, kind: "customer" | "agent" = "customer") =>
    ({ type: "message", conversation_id, seq: 1, at: 0, author: { kind, name: "Ann" }, text: "hello" }) as ServerEvent;

  it("alerts for a customer's message in my conversation I am not looking at, unless muted", () => {
    const storage = memoryStorage();
    const given: string[] = [];
    const alerts = new MessageAlerts({ beep: () => given.push("beep"), desktop: (t, b) => given.push(`${t}: ${b}`) }, storage);
    const mine = new Set([1, 2]);
    const looking = (id: number) => id === 2;
    const title = (name: string) => `New message from ${name}`;
    expect(alerts.consider(message(1), mine, looking, title)).toBe(true);
    expect(given).toEqual(["beep", "New message from Ann: hello"]);
    expect(alerts.consider(message(2), mine, looking, title)).toBe(false);
    expect(alerts.consider(message(3), mine, looking, title)).toBe(false);
    expect(alerts.consider(message(1, "agent"), mine, looking, title)).toBe(false);
    alerts.setMuted(true);
    expect(storage.data.get(MUTE_KEY)).toBe("1");
    expect(alerts.consider(message(1), mine, looking, title)).toBe(false);
    expect(alerts.count).toBe(1);
    // The switch is remembered by the next page.
    expect(new MessageAlerts({ beep: () => {}, desktop: () => {} }, storage).muted).toBe(true);
  });
});

describe("DraftStore", () => {
  it("keeps drafts across pages, drops empty ones and the oldest past the limit", () => {
    const storage = memoryStorage();
    const drafts = new DraftStore("k", storage, 2);
    drafts.set(1, "half an answer");
    drafts.set(2, "second");
    expect(new DraftStore("k", storage).get(1)).toBe("half an answer");
    drafts.set(3, "third");
    const again = new DraftStore("k", storage);
    expect(again.get(1)).toBeUndefined();
    expect(again.get(3)).toBe("third");
    drafts.set(2, "");
    drafts.set(3, "");
    expect(storage.data.has("k")).toBe(false);
  });

  it("ignores damaged storage", () => {
    const storage = memoryStorage();
    storage.setItem("k", "{not json");
    expect(new DraftStore("k", storage).get(1)).toBeUndefined();
    storage.setItem("k", JSON.stringify([[1, 5], ["x", "y"], [2, "ok"]]));
    expect(new DraftStore("k", storage).get(2)).toBe("ok");
  });
});
