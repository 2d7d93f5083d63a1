// The widget's build leaves the staff pages' catalogues out (vite.widget.config.ts replaces them
// with empty ones, staff_texts_left_out.ts): every text the widget's own code asks for must
// therefore come from a catalogue the build keeps, or a customer would see a bare key.
/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import widgetConfig from "../../vite.widget.config.ts?raw";
import { CATALOG } from "../i18n/catalog";

const widgetSources = import.meta.glob(["./*.ts", "!./*.test.ts"], { query: "?raw", import: "default", eager: true }) as Record<
  string,
  string
>;
const catalogues = import.meta.glob(["../i18n/catalog_*.ts", "!../i18n/*.test.ts"], { eager: true }) as Record<
  string,
  Record<string, Record<string, string>>
>;

/** The catalogue files the widget's build replaces, read from its configuration. */
function leftOut(): string[] {
  const pattern = /catalog_\(([a-z_|]+)\)/.exec(widgetConfig);
  if (!pattern) throw new Error("vite.widget.config.ts names no left-out catalogues");
  return pattern[1].split("|").map((name) => `../i18n/catalog_${name}.ts`);
}

/** The keys the widget's code asks for literally: t("…") and i18n.t("…"). */
function keysAskedFor(): Set<string> {
  const keys = new Set<string>();
  for (const source of Object.values(widgetSources)) {
    for (const m of source.matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) keys.add(m[1]);
  }
  return keys;
}

describe("the widget's texts", () => {
  it("reads its configuration and its sources", () => {
    expect(leftOut().length).toBeGreaterThan(5);
    for (const file of leftOut()) expect(Object.keys(catalogues)).toContain(file);
    expect(keysAskedFor().size).toBeGreaterThan(30);
  });

  it("asks only for keys that exist and that its build keeps", () => {
    const dropped = new Set<string>();
    for (const file of leftOut()) {
      for (const table of Object.values(catalogues[file])) for (const key of Object.keys(table)) dropped.add(key);
    }
    const missing = [...keysAskedFor()].filter((key) => !(key in CATALOG.en));
    const leftBehind = [...keysAskedFor()].filter((key) => dropped.has(key));
    expect(missing).toEqual([]);
    expect(leftBehind).toEqual([]);
  });
});
