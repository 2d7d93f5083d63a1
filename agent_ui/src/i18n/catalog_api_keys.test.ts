import { describe, expect, it } from "vitest";
import { API_KEY_TEXTS, apiKeyText } from "./catalog_api_keys";

describe("API key texts", () => {
  it("have the same keys in both languages, none empty", () => {
    const en = Object.keys(API_KEY_TEXTS.en).sort();
    expect(Object.keys(API_KEY_TEXTS["zh-CN"]).sort()).toEqual(en);
    for (const locale of ["en", "zh-CN"] as const) {
      for (const text of Object.values(API_KEY_TEXTS[locale])) expect(text.trim()).not.toBe("");
    }
  });
  it("fill placeholders", () => {
    expect(apiKeyText("en", "keys.confirmRevoke", { name: "ERP" })).toContain("“ERP”");
  });
});
