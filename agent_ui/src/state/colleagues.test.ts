import { describe, expect, it } from "vitest";
import { canTake, readColleagues } from "./colleagues";

describe("readColleagues", () => {
  it("reads the agents and leaves malformed entries out", () => {
    const list = readColleagues({
      agents: [
        { id: 4, name: "Bob Li", status: "online", load: { chat: 1, ticket: 0 }, capacity: { chat: 3, ticket: 5 } },
        { id: "5", name: "Not a number id" },
        null,
        { id: 6, name: "Wang Wei", status: "dancing", load: { chat: -2 }, capacity: {} },
      ],
    });
    expect(list).toEqual([
      { id: 4, name: "Bob Li", status: "online", load: { chat: 1, ticket: 0 }, capacity: { chat: 3, ticket: 5 } },
      { id: 6, name: "Wang Wei", status: "offline", load: { chat: 0, ticket: 0 }, capacity: { chat: 0, ticket: 0 } },
    ]);
    expect(readColleagues(null)).toEqual([]);
    expect(readColleagues({ agents: "x" })).toEqual([]);
  });

  it("only an online colleague with a free place can take a conversation", () => {
    const bob = { id: 4, name: "Bob", status: "online" as const, load: { chat: 3, ticket: 0 }, capacity: { chat: 3, ticket: 5 } };
    expect(canTake(bob, "chat")).toBe(false);
    expect(canTake(bob, "ticket")).toBe(true);
    expect(canTake({ ...bob, status: "away" }, "ticket")).toBe(false);
  });
});
