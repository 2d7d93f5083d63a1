import { describe, expect, it } from "vitest";
import { ChatState, TYPING_TIMEOUT_MS } from "./chat_state";
import { ClientIdSource } from "./outbox";
import type { ConversationSummary, ServerEvent } from "../protocol/types";

const ids = () => new ClientIdSource("c", () => 1, () => 0.5);

function summary(id: number, over: Partial<ConversationSummary> = {}): ConversationSummary {
  return { id, channel: "chat", status: "assigned", last_seq: 0, created_at: 1, updated_at: 2, ...over };
}

function message(conversation_id: number, seq: number, kind: "customer" | "agent", client_id: string | null = null): ServerEvent {
  return { type: "message", conversation_id, seq, at: 1000 + seq, client_id, author: { kind, id: 1, name: "A" }, text: `t${seq}` };
}

describe("ChatState", () => {
  it("asks for a sync from 0 for every conversation the welcome lists with messages", () => {
    const state = new ChatState("customer", ids());
    const commands = state.apply(
      { type: "welcome", role: "customer", server_time: 5000, conversations: [summary(1, { last_seq: 3 }), summary(2)] },
      1000,
    );
    expect(commands).toEqual([{ type: "sync", conversation_id: 1, after_seq: 0 }]);
    expect(state.serverOffsetMs).toBe(4000);
  });

  it("does not ask twice for the same sync while one is in flight, asks again after synced if still short", () => {
    const state = new ChatState("customer", ids());
    state.apply({ type: "welcome", role: "customer", server_time: 0, conversations: [summary(1, { last_seq: 3 })] }, 0);
    expect(state.apply(message(1, 3, "agent"), 0)).toEqual([]);
    state.apply(message(1, 1, "agent"), 0);
    // synced says 4 but seq 2 and 4 are still missing
    expect(state.apply({ type: "synced", conversation_id: 1, last_seq: 4 }, 0)).toEqual([
      { type: "sync", conversation_id: 1, after_seq: 1 },
    ]);
  });

  it("turns an ack into a message of mine and never shows it twice", () => {
    const state = new ChatState("customer", ids());
    const cmd = state.compose("hello");
    expect(cmd.conversation_id).toBeUndefined();
    expect(state.outbox.toSend()).toHaveLength(1);
    state.apply({ type: "ack", ref: cmd.client_id, conversation_id: 9, seq: 1, at: 77 }, 0);
    expect(state.outbox.all()).toHaveLength(0);
    const log = state.conversation(9)!;
    expect(log.messages().map((m) => [m.seq, m.text, m.author.kind, m.at])).toEqual([[1, "hello", "customer", 77]]);
    // The same message coming back from a sync is dropped by seq.
    state.apply(message(9, 1, "customer", cmd.client_id), 0);
    expect(log.messages()).toHaveLength(1);
    // A second ack (reply to a resend) changes nothing.
    state.apply({ type: "ack", ref: cmd.client_id, conversation_id: 9, seq: 1, at: 77 }, 0);
    expect(log.messages()).toHaveLength(1);
  });

  it("settles a pending message that a sync returns (the ack was lost)", () => {
    const state = new ChatState("customer", ids());
    const cmd = state.compose("hello");
    state.apply(message(9, 1, "customer", cmd.client_id), 0);
    expect(state.outbox.all()).toHaveLength(0);
  });

  it("resends unacknowledged messages with the same client id after a welcome", () => {
    const state = new ChatState("customer", ids());
    const a = state.compose("one");
    const b = state.compose("two", 4);
    const commands = state.apply({ type: "welcome", role: "customer", server_time: 0, conversations: [] }, 0);
    expect(commands).toEqual([
      { type: "message", client_id: a.client_id, text: "one" },
      { type: "message", client_id: b.client_id, conversation_id: 4, text: "two" },
    ]);
  });

  it("keeps a message pending on a retryable error and fails it on others", () => {
    const state = new ChatState("customer", ids());
    const a = state.compose("one");
    const b = state.compose("x".repeat(5000));
    state.apply({ type: "error", code: "unavailable", ref: a.client_id }, 0);
    state.apply({ type: "error", code: "too_long", ref: b.client_id }, 0);
    expect(state.outbox.get(a.client_id)?.state).toBe("sending");
    expect(state.outbox.get(b.client_id)?.state).toBe("failed");
    expect(state.outbox.toSend().map((p) => p.clientId)).toEqual([a.client_id]);
    expect(state.retry(b.client_id)?.client_id).toBe(b.client_id);
  });

  it("follows the queue position until an agent has the conversation", () => {
    const state = new ChatState("customer", ids());
    state.apply({ type: "queue", conversation_id: 5, position: 3, estimated_wait_seconds: 95 }, 0);
    expect(state.queuePlace(5)).toEqual({ position: 3, estimatedWaitSeconds: 95 });
    state.apply({ type: "queue", conversation_id: 5, position: 1, estimated_wait_seconds: 20 }, 0);
    expect(state.queuePlace(5)).toEqual({ position: 1, estimatedWaitSeconds: 20 });
    state.apply({ type: "conversation", conversation: summary(5, { agent: { id: 3, name: "Alice" } }) }, 0);
    expect(state.queuePlace(5)).toBeNull();
  });

  it("shows the other side typing until it stops, sends a message, or goes quiet", () => {
    const state = new ChatState("customer", ids());
    state.apply({ type: "typing", conversation_id: 1, author: "agent", active: true }, 1000);
    expect(state.isTyping(1, 1000)).toBe(true);
    expect(state.isTyping(1, 1000 + TYPING_TIMEOUT_MS)).toBe(false);
    state.apply({ type: "typing", conversation_id: 1, author: "agent", active: true }, 2000);
    state.apply(message(1, 1, "agent"), 2100);
    expect(state.isTyping(1, 2100)).toBe(false);
    state.apply({ type: "typing", conversation_id: 1, author: "customer", active: true }, 3000);
    expect(state.isTyping(1, 3000)).toBe(false);
  });

  it("drops from an agent's list what was moved to another agent, and what a welcome no longer lists", () => {
    const state = new ChatState("agent", ids());
    const user = { id: 3, login: "alice", name: "Alice", role: "agent" as const };
    state.apply(
      { type: "welcome", role: "agent", server_time: 0, user, status: "online", conversations: [summary(1), summary(2)] },
      0,
    );
    expect(state.conversations().map((c) => c.id).sort()).toEqual([1, 2]);
    state.apply({ type: "conversation", conversation: summary(1, { agent: { id: 4, name: "Bob" } }) }, 0);
    expect(state.conversation(1)).toBeUndefined();
    // Put back in the queue (the agent dropped off): no agent, so not hers any more.
    state.apply({ type: "conversation", conversation: summary(2, { status: "queued", agent: null }) }, 0);
    expect(state.conversation(2)).toBeUndefined();
    state.apply({ type: "welcome", role: "agent", server_time: 0, user, conversations: [summary(3)] }, 0);
    expect(state.conversations().map((c) => c.id)).toEqual([3]);
    state.apply({ type: "welcome", role: "agent", server_time: 0, user, conversations: [] }, 0);
    expect(state.conversations()).toHaveLength(0);
  });

  it("syncs a newly assigned conversation from the start", () => {
    const state = new ChatState("agent", ids());
    const user = { id: 3, login: "alice", name: "Alice", role: "agent" as const };
    state.apply({ type: "welcome", role: "agent", server_time: 0, user, conversations: [] }, 0);
    const commands = state.apply(
      { type: "conversation", conversation: summary(8, { last_seq: 2, agent: { id: 3, name: "Alice" } }) },
      0,
    );
    expect(commands).toEqual([{ type: "sync", conversation_id: 8, after_seq: 0 }]);
    state.apply(message(8, 1, "customer"), 0);
    state.apply(message(8, 2, "customer"), 0);
    expect(state.conversation(8)!.unreadCount("customer")).toBe(2);
  });

  it("asks again for a sync that failed (errors of syncs come without a ref)", () => {
    const state = new ChatState("customer", ids());
    state.apply({ type: "welcome", role: "customer", server_time: 0, conversations: [summary(1, { last_seq: 2 })] }, 0);
    expect(state.apply(message(1, 2, "agent"), 0)).toEqual([]); // sync from 0 still in flight
    state.apply({ type: "error", code: "unavailable", ref: null, message: "retry" }, 0);
    expect(state.apply({ type: "synced", conversation_id: 1, last_seq: 2 }, 0)).toEqual([
      { type: "sync", conversation_id: 1, after_seq: 0 },
    ]);
  });
});
