import { describe, expect, it } from "vitest";
import type { ClientCommand, ConversationSummary } from "../protocol/types";
import { ClientIdSource } from "./outbox";
import { REPLY_TARGET_MS, replyTargetsFrom, slaRisk } from "./sla";
import { Supervision, SupervisionError } from "./supervision";

const SAM = { id: 7, login: "sam", name: "Sam", role: "supervisor" as const };

function summary(over: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: 42,
    channel: "chat",
    status: "assigned",
    last_seq: 2,
    customer: { id: 9, name: "Ann" },
    agent: { id: 3, name: "Alice" },
    created_at: 1,
    updated_at: 1,
    ...over,
  };
}

function setUp() {
  const sent: ClientCommand[] = [];
  let open = true;
  const s = new Supervision((c) => {
    if (!open) return false;
    sent.push(c);
    return true;
  }, new ClientIdSource("s", () => 0, () => 0));
  s.apply({ type: "welcome", role: "supervisor", server_time: 0, user: SAM, conversations: [] });
  return { s, sent, setOpen: (v: boolean) => (open = v) };
}

const message = (seq: number, kind: "customer" | "agent", text = `m${seq}`) => ({
  type: "message" as const,
  conversation_id: 42,
  seq,
  at: 1000 + seq,
  author: { kind, id: kind === "agent" ? 3 : 9, name: kind },
  text,
});

describe("Supervision", () => {
  it("opens a conversation read-only and fills its history by sync", async () => {
    const { s, sent } = setUp();
    const opened = s.open(42);
    expect(sent[0]).toMatchObject({ type: "monitor", conversation_id: 42 });
    s.apply({ type: "conversation", conversation: summary() });
    expect(sent[1]).toEqual({ type: "sync", conversation_id: 42, after_seq: 0 });
    s.apply({ type: "ack", ref: (sent[0] as { client_id: string }).client_id, conversation_id: 42 });
    await opened;
    s.apply(message(1, "customer"));
    s.apply(message(2, "agent"));
    s.apply({ type: "synced", conversation_id: 42, last_seq: 2 });
    s.apply(message(3, "customer", "live"));
    expect(s.watched?.messages().map((m) => m.text)).toEqual(["m1", "m2", "live"]);
    expect(sent.filter((c) => c.type === "sync")).toHaveLength(1);
    expect(s.watchedIsMine).toBe(false);
  });

  it("keeps whispers of the watched conversation apart from its messages", () => {
    const { s } = setUp();
    s.open(42);
    const whisper = {
      type: "whisper" as const,
      conversation_id: 42,
      at: 5,
      author: { kind: "supervisor" as const, id: 8, name: "Lee" },
      text: "offer a refund",
    };
    s.apply(whisper);
    s.apply({ ...whisper, conversation_id: 43 });
    expect(s.whispers).toHaveLength(1);
    expect(s.watched?.messages()).toHaveLength(0);
  });

  it("shows the supervisor's own whisper once acknowledged", async () => {
    const { s, sent } = setUp();
    s.open(42);
    const whisper = s.whisper("offer a refund");
    s.apply({ type: "ack", ref: (sent[1] as { client_id: string }).client_id, conversation_id: 42, at: 77 });
    await whisper;
    expect(s.whispers).toEqual([expect.objectContaining({ at: 77, text: "offer a refund", author: expect.objectContaining({ id: 7 }) })]);
  });

  it("rejects a refused whisper with the server's code", async () => {
    const { s, sent } = setUp();
    s.open(42);
    const whisper = s.whisper("psst");
    const ref = (sent[1] as { client_id: string }).client_id;
    s.apply({ type: "error", code: "forbidden", ref });
    await expect(whisper).rejects.toEqual(new SupervisionError("forbidden"));
  });

  it("sets the priority of any listed conversation, and rejects a refusal with its code", async () => {
    const { s, sent } = setUp();
    const set = s.setPriority(51, "vip");
    expect(sent[0]).toMatchObject({ type: "set_priority", conversation_id: 51, priority: "vip" });
    s.apply({ type: "ack", ref: (sent[0] as { client_id: string }).client_id, conversation_id: 51 });
    await set;
    const refused = s.setPriority(52, "normal");
    s.apply({ type: "error", code: "conflict", ref: (sent[1] as { client_id: string }).client_id });
    await expect(refused).rejects.toEqual(new SupervisionError("conflict"));
  });

  it("takes over, then replies as the conversation's new owner", async () => {
    const { s, sent } = setUp();
    s.open(42);
    const taken = s.takeOver();
    const ref = (sent[1] as { client_id: string }).client_id;
    s.apply({ type: "conversation", conversation: summary({ agent: { id: 7, name: "Sam" }, last_seq: 0 }) });
    s.apply({ type: "ack", ref, conversation_id: 42 });
    await taken;
    expect(s.watchedIsMine).toBe(true);
    expect([...s.mine.keys()]).toEqual([42]);
    const reply = s.reply("I will sort it out");
    const replyRef = (sent[sent.length - 1] as { client_id: string }).client_id;
    s.apply({ type: "ack", ref: replyRef, conversation_id: 42, seq: 1, at: 99 });
    await reply;
    expect(s.watched?.messages()[0]).toMatchObject({ text: "I will sort it out", author: { kind: "agent", id: 7 } });
  });

  it("watches the same conversation again after a reconnect and fails what was in flight", async () => {
    const { s, sent, setOpen } = setUp();
    const opened = s.open(42);
    s.apply({ type: "conversation", conversation: summary({ last_seq: 1 }) });
    s.apply(message(1, "customer"));
    const whisper = s.whisper("x");
    setOpen(false);
    s.connectionLost();
    await expect(whisper).rejects.toEqual(new SupervisionError("offline"));
    await expect(opened).rejects.toEqual(new SupervisionError("offline"));
    await expect(s.whisper("y")).rejects.toEqual(new SupervisionError("offline"));
    setOpen(true);
    sent.length = 0;
    s.apply({ type: "welcome", role: "supervisor", server_time: 0, user: SAM, conversations: [summary({ id: 50, agent: { id: 7, name: "Sam" } })] });
    expect(sent[0]).toMatchObject({ type: "monitor", conversation_id: 42 });
    expect([...s.mine.keys()]).toEqual([50]);
    s.apply({ type: "conversation", conversation: summary({ last_seq: 3 }) });
    expect(sent[1]).toEqual({ type: "sync", conversation_id: 42, after_seq: 1 });
  });

  it("stops watching on close, and ignores frames of other conversations", () => {
    const { s, sent } = setUp();
    s.open(42);
    s.open(43);
    expect(sent.map((c) => c.type)).toEqual(["monitor", "unmonitor", "monitor"]);
    s.apply(message(1, "customer"));
    expect(s.watched?.messages()).toHaveLength(0);
    s.close();
    expect(s.watched).toBeNull();
    expect(() => s.takeOver()).toThrow(SupervisionError);
  });
});

describe("slaRisk", () => {
  it("is breached at the target and at risk from three quarters of it", () => {
    expect(slaRisk(null, 20_000)).toBe("none");
    expect(slaRisk(10_000, REPLY_TARGET_MS.chat)).toBe("ok");
    expect(slaRisk(15_000, REPLY_TARGET_MS.chat)).toBe("at_risk");
    expect(slaRisk(20_000, REPLY_TARGET_MS.chat)).toBe("breached");
    expect(slaRisk(60_000, REPLY_TARGET_MS.ticket)).toBe("ok");
  });
});

describe("the console's badge reads the SLA policy", () => {
  it("uses the policy's first response, the default for a channel without one", () => {
    const targets = replyTargetsFrom({ chat: { first_response_seconds: 45 } });
    expect(targets.chat).toBe(45_000);
    expect(targets.ticket).toBe(REPLY_TARGET_MS.ticket);
    expect(slaRisk(40_000, targets.chat)).toBe("at_risk");
    expect(slaRisk(45_000, targets.chat)).toBe("breached");
  });
});
