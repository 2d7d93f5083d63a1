import { describe, expect, it } from "vitest";
import { CANNED_REPLIES, cannedMatches } from "./canned_replies";

describe("canned replies", () => {
  it("match a slash and the start of a shortcut, in both languages", () => {
    expect(cannedMatches("/").length).toBe(CANNED_REPLIES.length);
    expect(cannedMatches("/th").map((r) => r.shortcut)).toEqual(["thanks"]);
    expect(cannedMatches("/TH").map((r) => r.shortcut)).toEqual(["thanks"]);
    for (const r of CANNED_REPLIES) expect(r.text.en && r.text["zh-CN"]).toBeTruthy();
  });

  it("do not match ordinary text or a slash followed by a space", () => {
    expect(cannedMatches("hello /hi")).toEqual([]);
    expect(cannedMatches("/hi there")).toEqual([]);
    expect(cannedMatches("/zzz")).toEqual([]);
    expect(cannedMatches("")).toEqual([]);
  });
});
