import { describe, expect, it } from "vitest";
import { I18n } from "../i18n/i18n";
import type { ReassignedEvent } from "../protocol/types";
import { reassignedNotice } from "./reassigned_notice";

const sam = { id: 4, name: "Sam Taylor" };

describe("reassignedNotice", () => {
  it("tells the agent who moved their conversation where, in their language", () => {
    const event: ReassignedEvent = {
      type: "reassigned",
      conversations: [{ id: 42, customer: "Wei Zhang" }],
      to: { agent: { id: 2, name: "Bob Li" } },
      by: sam,
    };
    expect(reassignedNotice(new I18n("en"), event, 1)).toBe("Sam Taylor reassigned your conversation with Wei Zhang to Bob Li.");
    expect(reassignedNotice(new I18n("zh-CN"), event, 1)).toBe("Sam Taylor 已将你与 Wei Zhang 的会话改派给Bob Li。");
  });

  it("names the queue, and tells the receiving agent how many chats came to them", () => {
    const toQueue: ReassignedEvent = { type: "reassigned", conversations: [{ id: 7, customer: "" }], to: { queue: "general" }, by: sam };
    expect(reassignedNotice(new I18n("en"), toQueue, 1)).toBe("Sam Taylor reassigned your conversation with #7 to the general queue.");
    const toMe: ReassignedEvent = {
      type: "reassigned",
      conversations: [{ id: 7, customer: "Ann" }, { id: 8, customer: "Ben" }],
      to: { agent: { id: 1, name: "Alice Chen" } },
      by: sam,
    };
    expect(reassignedNotice(new I18n("en"), toMe, 1)).toBe("Sam Taylor moved 2 waiting chat(s) to you: Ann, Ben.");
  });
});
