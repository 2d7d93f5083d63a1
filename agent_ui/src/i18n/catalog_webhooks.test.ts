import { describe, expect, it } from "vitest";
import { WEBHOOK_TEXTS, webhookText } from "./catalog_webhooks";

describe("webhook texts", () => {
  it("have the same keys in both languages, none empty", () => {
    const en = Object.keys(WEBHOOK_TEXTS.en).sort();
    expect(Object.keys(WEBHOOK_TEXTS["zh-CN"]).sort()).toEqual(en);
    for (const locale of ["en", "zh-CN"] as const) {
      for (const text of Object.values(WEBHOOK_TEXTS[locale])) expect(text.trim()).not.toBe("");
    }
  });
  it("fill placeholders", () => {
    expect(webhookText("en", "hooks.disabled", { reason: "gone" })).toBe("disabled (gone)");
  });
});
