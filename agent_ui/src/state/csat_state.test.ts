import { describe, expect, it } from "vitest";
import type { ServerEvent } from "../protocol/types";
import { CsatState } from "./csat_state";

const request: ServerEvent = { type: "csat_request", conversation_id: 42, agent: { id: 3, name: "Alice" } };

describe("CsatState", () => {
  it("asks after a csat_request and sends the chosen rating with the comment", () => {
    const csat = new CsatState();
    expect(csat.phase).toBe("hidden");
    expect(csat.apply(request)).toBe(true);
    expect(csat.phase).toBe("asking");
    expect(csat.agentName).toBe("Alice");
    expect(csat.submit("w-1")).toBeNull(); // no stars yet
    csat.choose(4);
    csat.setComment("  quick and kind  ");
    expect(csat.submit("w-1")).toEqual({
      type: "rate",
      client_id: "w-1",
      conversation_id: 42,
      rating: 4,
      comment: "quick and kind",
    });
    expect(csat.phase).toBe("sending");
    expect(csat.submit("w-2")).toBeNull(); // one at a time
    expect(csat.apply({ type: "ack", ref: "other" })).toBe(false);
    expect(csat.apply({ type: "ack", ref: "w-1", conversation_id: 42 })).toBe(true);
    expect(csat.phase).toBe("thanks");
  });

  it("leaves out an empty comment and ignores ratings outside 1..5", () => {
    const csat = new CsatState();
    csat.apply(request);
    csat.choose(0);
    csat.choose(6);
    csat.choose(2.5);
    expect(csat.rating).toBeNull();
    csat.choose(1);
    expect(csat.submit("w-1")).toEqual({ type: "rate", client_id: "w-1", conversation_id: 42, rating: 1 });
  });

  it("refuses a comment over 500 characters (counted as characters, not UTF-16 units)", () => {
    const csat = new CsatState();
    csat.apply(request);
    csat.choose(5);
    csat.setComment("😀".repeat(500));
    expect(csat.commentTooLong).toBe(false);
    csat.setComment("好".repeat(501));
    expect(csat.submit("w-1")).toBeNull();
    expect(csat.error).toBe("too_long");
    expect(csat.phase).toBe("asking");
  });

  it("keeps the form with the reason after an error, and counts already_rated as done", () => {
    const csat = new CsatState();
    csat.apply(request);
    csat.choose(5);
    csat.submit("w-1");
    csat.apply({ type: "error", code: "unavailable", ref: "w-1" });
    expect(csat.phase).toBe("asking");
    expect(csat.error).toBe("unavailable");
    expect(csat.rating).toBe(5);
    csat.submit("w-2");
    csat.apply({ type: "error", code: "already_rated", ref: "w-2" });
    expect(csat.phase).toBe("thanks");
    expect(csat.error).toBeNull();
  });

  it("lets the customer send again after the connection dropped", () => {
    const csat = new CsatState();
    csat.apply(request);
    csat.choose(3);
    csat.submit("w-1");
    csat.connectionLost();
    expect(csat.phase).toBe("asking");
    expect(csat.error).toBe("offline");
    expect(csat.submit("w-2")?.rating).toBe(3);
  });

  it("is done when another tab rated, and hides when the conversation reopens", () => {
    const csat = new CsatState();
    csat.apply(request);
    expect(csat.apply({ type: "csat_recorded", conversation_id: 7, rating: 2 })).toBe(false);
    expect(csat.apply({ type: "csat_recorded", conversation_id: 42, rating: 2 })).toBe(true);
    expect(csat.phase).toBe("thanks");

    const other = new CsatState();
    other.apply(request);
    const reopened: ServerEvent = {
      type: "conversation",
      conversation: { id: 42, channel: "chat", status: "assigned", last_seq: 3, created_at: 1, updated_at: 2 },
    };
    expect(other.apply(reopened)).toBe(true);
    expect(other.phase).toBe("hidden");
  });

  it("does not ask again for a conversation the customer dismissed, even after a reload", () => {
    const dismissed = new Set<number>();
    const csat = new CsatState(dismissed);
    csat.apply(request);
    expect(csat.dismiss()).toBe(42);
    expect(csat.phase).toBe("hidden");
    const afterReload = new CsatState(dismissed);
    expect(afterReload.apply(request)).toBe(false);
    expect(afterReload.phase).toBe("hidden");
    expect(afterReload.apply({ ...request, conversation_id: 43 } as ServerEvent)).toBe(true);
  });
});
