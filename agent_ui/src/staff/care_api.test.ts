import { describe, expect, it } from "vitest";
import { careNoticeText, orderTotal, ruleBody, type CareRule } from "./care_api";

describe("care_api", () => {
  it("formats an order's total with its currency", () => {
    expect(orderTotal({ id: 1, name: "#1", total_cents: 9605, currency: "CNY", financial_status: "paid",
      fulfillment_status: "", created_at: 0, items: [] })).toBe("96.05 CNY");
  });

  it("sends a rule without the fields the server does not read", () => {
    const rule = { id: 3, builtin: "cross_sell", updated_at: 9, name: "x", enabled: true } as unknown as CareRule;
    expect(ruleBody(rule)).toEqual({ name: "x", enabled: true });
  });

  it("reads a care notice and nothing else", () => {
    expect(careNoticeText('{"type":"care_notice","text":"Bo rated a chat","rule_id":1}')).toBe("Bo rated a chat");
    expect(careNoticeText('{"type":"kpi","text":"x"}')).toBeNull();
    expect(careNoticeText('{"type":"care_notice","text":5}')).toBeNull();
    expect(careNoticeText("not json")).toBeNull();
    expect(careNoticeText("null")).toBeNull();
  });
});
