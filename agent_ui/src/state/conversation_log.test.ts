import { describe, expect, it } from "vitest";
import { ConversationLog, type ChatMessage } from "./conversation_log";

function msg(seq: number, kind: "customer" | "agent" = "customer", at = 1000 * seq): ChatMessage {
  return { conversationId: 7, seq, at, clientId: null, author: { kind, id: 1, name: "x" }, text: `m${seq}` };
}

describe("ConversationLog", () => {
  it("keeps messages in seq order whatever the arrival order", () => {
    const log = new ConversationLog(7);
    for (const s of [3, 1, 2]) log.add(msg(s));
    expect(log.messages().map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(log.heldThrough()).toBe(3);
  });

  it("ignores a seq it already holds", () => {
    const log = new ConversationLog(7);
    expect(log.add(msg(1))).toBe(true);
    expect(log.add({ ...msg(1), text: "other" })).toBe(false);
    expect(log.messages()).toHaveLength(1);
    expect(log.messages()[0].text).toBe("m1");
  });

  it("rejects a message of another conversation", () => {
    const log = new ConversationLog(7);
    expect(() => log.add({ ...msg(1), conversationId: 8 })).toThrow();
    expect(log.messages()).toHaveLength(0);
  });

  it("reports the gap to fill after a seq jump", () => {
    const log = new ConversationLog(7);
    log.add(msg(1));
    log.add(msg(2));
    expect(log.missingAfter()).toBeNull();
    log.add(msg(5));
    expect(log.missingAfter()).toBe(2);
    log.add(msg(3));
    expect(log.missingAfter()).toBe(3);
    log.add(msg(4));
    expect(log.missingAfter()).toBeNull();
    expect(log.heldThrough()).toBe(5);
  });

  it("reports what the server holds beyond what it has", () => {
    const log = new ConversationLog(7);
    log.noteServerLastSeq(4);
    expect(log.missingAfter()).toBe(0);
    log.noteServerLastSeq(2); // an older figure never lowers the known last seq
    expect(log.knownLastSeq()).toBe(4);
  });

  it("counts unread messages of the other side only", () => {
    const log = new ConversationLog(7);
    log.add(msg(1, "customer"));
    log.add(msg(2, "agent"));
    log.add(msg(3, "customer"));
    expect(log.unreadCount("customer")).toBe(2);
    log.markAllRead();
    expect(log.unreadCount("customer")).toBe(0);
    log.add(msg(4, "customer"));
    expect(log.unreadCount("customer")).toBe(1);
  });

  it("knows since when the customer waits for an answer", () => {
    const log = new ConversationLog(7);
    expect(log.customerWaitingSince()).toBeNull();
    log.add(msg(1, "customer", 100));
    log.add(msg(2, "customer", 200));
    expect(log.customerWaitingSince()).toBe(100);
    log.add(msg(3, "agent", 300));
    expect(log.customerWaitingSince()).toBeNull();
    log.add(msg(4, "customer", 400));
    expect(log.customerWaitingSince()).toBe(400);
  });
});
