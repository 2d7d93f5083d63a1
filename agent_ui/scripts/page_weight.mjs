#!/usr/bin/env node
// Page weight of the built front end (agent_ui/dist), gzipped, against its budgets:
//   widget.js (what a shop embeds)                    < 60 KB
//   console first load: console.html and every script,
//   module preload and stylesheet it references        < 300 KB
// Prints the figures for every page and exits 1 when a budget is exceeded.
//   node scripts/page_weight.mjs [dist-folder]
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const KB = 1024;
const BUDGETS = { widget: 60 * KB, console: 300 * KB };
const dist = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", "dist"));

function gzipped(path) {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/** The local files an HTML page loads up front: scripts, module preloads and stylesheets. */
export function assetsOf(htmlText) {
  const found = new Set();
  const tag = /<(script|link)\b[^>]*>/gi;
  for (const [whole, name] of htmlText.matchAll(tag)) {
    const attr = (key) => new RegExp(`\\b${key}\\s*=\\s*"([^"]*)"`, "i").exec(whole)?.[1];
    const url = name.toLowerCase() === "script" ? attr("src") : attr("href");
    if (!url || /^[a-z]+:|^\/\//i.test(url)) continue;
    if (name.toLowerCase() === "link" && !/^(stylesheet|modulepreload)$/i.test(attr("rel") ?? "")) continue;
    found.add(url.replace(/^\//, ""));
  }
  return [...found];
}

function pageWeight(page) {
  const htmlPath = join(dist, `${page}.html`);
  const html = readFileSync(htmlPath, "utf8");
  let total = gzipped(htmlPath);
  const parts = [`${page}.html ${(total / KB).toFixed(1)}`];
  for (const asset of assetsOf(html)) {
    const size = gzipped(join(dist, asset));
    total += size;
    parts.push(`${asset} ${(size / KB).toFixed(1)}`);
  }
  return { total, parts };
}

if (!existsSync(join(dist, "widget.js")) || !existsSync(join(dist, "console.html"))) {
  console.error(`page weight: no build in ${dist} (run npm run build)`);
  process.exit(1);
}

let over = false;
const check = (name, bytes, budget) => {
  const ok = bytes <= budget;
  over ||= !ok;
  console.log(
    `${ok ? "ok  " : "OVER"} ${name}: ${(bytes / KB).toFixed(1)} KB gzipped (budget ${budget / KB} KB, ${((100 * bytes) / budget).toFixed(0)} %)`,
  );
};
check("widget.js", gzipped(join(dist, "widget.js")), BUDGETS.widget);
const consolePage = pageWeight("console");
check("console first load", consolePage.total, BUDGETS.console);
console.log(`     (${consolePage.parts.join(", ")} KB)`);
for (const page of ["login", "supervisor", "demo"]) {
  if (!existsSync(join(dist, `${page}.html`))) continue;
  const { total } = pageWeight(page);
  console.log(`     ${page} first load: ${(total / KB).toFixed(1)} KB gzipped (no budget)`);
}
process.exit(over ? 1 : 0);
