import { describe, expect, it } from "vitest";
import { parseOrigins, parseOverlapHours } from "./shop_api";

describe("shop integration input", () => {
  it("reads one origin a line, trimmed, without blank lines", () => {
    expect(parseOrigins(" https://shop.example \n\n http://localhost:3000\r\n")).toEqual([
      "https://shop.example",
      "http://localhost:3000",
    ]);
    expect(parseOrigins("   ")).toEqual([]);
  });

  it("takes an overlap of 0 to 168 hours", () => {
    expect(parseOverlapHours("24")).toBe(24);
    expect(parseOverlapHours("0")).toBe(0);
    expect(parseOverlapHours("0.5")).toBe(0.5);
    expect(parseOverlapHours("168")).toBe(168);
    expect(parseOverlapHours("169")).toBeUndefined();
    expect(parseOverlapHours("-1")).toBeUndefined();
    expect(parseOverlapHours("a day")).toBeUndefined();
    expect(parseOverlapHours("")).toBeUndefined();
  });
});
