import { describe, expect, it } from "vitest";
import { CareMessages } from "./care_messages";

describe("care messages in the widget", () => {
  it("keeps each message once until it is closed", () => {
    const m = new CareMessages();
    expect(m.apply({ type: "care_message", id: 3, text: "Thanks for #1001", at: 5 })).toBe(true);
    expect(m.apply({ type: "care_message", id: 3, text: "Thanks for #1001", at: 5 })).toBe(false);
    expect(m.messages.map((x) => x.text)).toEqual(["Thanks for #1001"]);
    m.dismiss(3);
    expect(m.messages).toEqual([]);
  });
  it("ignores other frames and malformed ones", () => {
    const m = new CareMessages();
    expect(m.apply({ type: "care_notice", text: "x" })).toBe(false);
    expect(m.apply({ type: "care_message", id: "3", text: "x" })).toBe(false);
    expect(m.apply({ type: "care_message", id: 4, text: 7 })).toBe(false);
    expect(m.apply(null)).toBe(false);
    expect(m.messages).toEqual([]);
  });
});
