import { describe, expect, it } from "vitest";
import { cannedMatches, insertCanned, replyLocale, shortcutBeingTyped, type CannedReply } from "./canned_replies";

const reply = (id: number, shortcut: string, locale: "zh" | "en", scope: "personal" | "shared" = "shared"): CannedReply => ({
  id, shortcut, locale, scope, team: "", title: "", body: `${shortcut}-${locale}`,
});
const REPLIES = [reply(1, "thanks", "en"), reply(2, "thanks", "zh"), reply(3, "tin", "en", "personal"), reply(4, "hi", "en")];

describe("canned replies", () => {
  it("match a slash and the start of a shortcut anywhere at the end of the draft", () => {
    expect(cannedMatches("/th", REPLIES, "en").map((r) => r.id)).toEqual([1]);
    expect(cannedMatches("/TH", REPLIES, "zh").map((r) => r.id)).toEqual([2]);
    expect(cannedMatches("Sure. /t", REPLIES, "en").map((r) => r.id)).toEqual([3, 1]);
    expect(cannedMatches("好的。/th", REPLIES, "zh").map((r) => r.id)).toEqual([2]);
    expect(cannedMatches("您好/th", REPLIES, "zh").map((r) => r.id)).toEqual([2]);
    // Another language when the customer's has none.
    expect(cannedMatches("/tin", REPLIES, "zh").map((r) => r.id)).toEqual([3]);
  });

  it("do not match ordinary text, a URL or a slash followed by a space", () => {
    expect(cannedMatches("see https://x.example/th", REPLIES, "en")).toEqual([]);
    expect(cannedMatches("/hi there", REPLIES, "en")).toEqual([]);
    expect(cannedMatches("/zzz", REPLIES, "en")).toEqual([]);
    expect(cannedMatches("", REPLIES, "en")).toEqual([]);
    expect(shortcutBeingTyped("a/b")).toBeNull();
  });

  it("insert the reply in place of the shortcut and pick the reply language", () => {
    expect(insertCanned("Sure. /th", "Thank you!")).toBe("Sure. Thank you!");
    expect(replyLocale("zh-CN")).toBe("zh");
    expect(replyLocale("en")).toBe("en");
  });
});
