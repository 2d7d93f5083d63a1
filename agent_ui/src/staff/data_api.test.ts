import { describe, expect, it } from "vitest";
import { parseDays } from "./data_api";

describe("parseDays", () => {
  it("reads an empty field as for ever and whole days from 1 to 3650", () => {
    expect(parseDays("")).toBeNull();
    expect(parseDays("  ")).toBeNull();
    expect(parseDays("30")).toBe(30);
    expect(parseDays(" 3650 ")).toBe(3650);
  });
  it("refuses anything else", () => {
    for (const bad of ["0", "3651", "-1", "1.5", "7d", "1e2"]) expect(parseDays(bad)).toBeUndefined();
  });
});

import { parseWeight } from "./quality_settings_api";

describe("parseWeight", () => {
  it("reads whole and decimal weights of 0 and more", () => {
    expect(parseWeight("0")).toBe(0);
    expect(parseWeight(" 12.5 ")).toBe(12.5);
  });
  it("refuses negatives, blanks and words", () => {
    for (const bad of ["", "-1", "abc", "1e3", "5%"]) expect(parseWeight(bad)).toBeUndefined();
  });
});
