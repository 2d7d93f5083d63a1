import { describe, expect, it } from "vitest";
import { CATALOG } from "./catalog";
import { I18n, pickLocale, type LocaleStore } from "./i18n";

class MemoryStore implements LocaleStore {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe("I18n", () => {
  it("has the same keys in both languages, none empty", () => {
    const en = Object.keys(CATALOG.en).sort();
    expect(Object.keys(CATALOG["zh-CN"]).sort()).toEqual(en);
    for (const locale of ["en", "zh-CN"] as const) {
      for (const key of en) expect(CATALOG[locale][key as keyof typeof CATALOG.en].length).toBeGreaterThan(0);
    }
  });

  it("picks the locale from the browser's languages", () => {
    expect(pickLocale(["zh-TW", "en"])).toBe("zh-CN");
    expect(pickLocale(["en-GB"])).toBe("en");
    expect(pickLocale(["fr", "en-US"])).toBe("en");
    expect(pickLocale(["fr"])).toBe("zh-CN");
  });

  it("fills placeholders and formats numbers for the locale", () => {
    const i18n = new I18n("en");
    expect(i18n.t("widget.queue", { position: 3, wait: "2 min" })).toBe("You are number 3 in line · about 2 min");
    expect(i18n.t("console.unread", { count: 12345 })).toBe("12,345 unread");
    i18n.setLocale("zh-CN");
    expect(i18n.t("widget.queue", { position: 3, wait: i18n.expectedWait(95) })).toBe(
      "您前面还有 3 位 · 预计等待 2 分钟",
    );
  });

  it("switches language, tells subscribers and remembers the choice", () => {
    const store = new MemoryStore();
    const i18n = new I18n("zh-CN", store);
    const seen: string[] = [];
    i18n.subscribe((l) => seen.push(l));
    expect(i18n.t("widget.send")).toBe("发送");
    i18n.toggle();
    expect(i18n.locale).toBe("en");
    expect(i18n.t("widget.send")).toBe("Send");
    expect(seen).toEqual(["en"]);
    expect(store.items.get("kefu.locale")).toBe("en");
    i18n.setLocale("en"); // no change, no notice
    expect(seen).toEqual(["en"]);
  });

  it("formats times in the locale's own way", () => {
    const at = Date.UTC(2026, 10, 23, 14, 5);
    const en = new I18n("en", null, "UTC");
    const zh = new I18n("zh-CN", null, "UTC");
    expect(en.time(at)).toMatch(/^02:05\s?PM$/);
    expect(zh.time(at)).toBe("14:05");
    expect(zh.dateTime(at)).toContain("2026年11月23日");
    expect(en.dateTime(at)).toContain("Nov 23, 2026");
  });

  it("writes durations and expected waits", () => {
    const en = new I18n("en");
    expect(en.duration(42)).toBe("42 s");
    expect(en.duration(185)).toBe("3 min");
    expect(en.duration(3900)).toBe("1 h 5 min");
    expect(en.expectedWait(30)).toBe("less than a minute");
    expect(en.expectedWait(61)).toBe("2 min");
    expect(new I18n("zh-CN").duration(185)).toBe("3 分钟");
  });

  it("explains server error codes, and names unknown ones", () => {
    const en = new I18n("en");
    expect(en.error("conflict")).toBe("That does not fit the conversation's state any more.");
    expect(en.error("weird_code")).toBe("Something went wrong (weird_code).");
    expect(new I18n("zh-CN").error("offline")).toBe("未连接，请稍后再试。");
  });
});
