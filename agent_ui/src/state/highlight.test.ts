import { describe, expect, it } from "vitest";
import { plainSnippet, snippetParts } from "./highlight";

describe("snippet highlights", () => {
  it("splits on the control-character marks", () => {
    expect(snippetParts("… within \u000230 days\u0003 of \u0002退货\u0003")).toEqual([
      { text: "… within ", hit: false },
      { text: "30 days", hit: true },
      { text: " of ", hit: false },
      { text: "退货", hit: true },
    ]);
  });

  it("keeps HTML-looking text as text and drops stray marks", () => {
    expect(snippetParts("<b>x</b>\u0003 y")).toEqual([
      { text: "<b>x</b>", hit: false },
      { text: " y", hit: false },
    ]);
    expect(snippetParts("\u0002open")).toEqual([{ text: "open", hit: true }]);
    expect(snippetParts("")).toEqual([]);
    expect(plainSnippet("a \u0002b\u0003 c")).toBe("a b c");
  });
});
