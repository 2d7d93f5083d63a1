#!/usr/bin/env node
// Browser end-to-end tests against the real kefu server.
//   node tests/e2e/run.mjs [filter]   (a part of a test's name or of its file's name)
// Needs: agent_ui built (agent_ui/dist), the kefu binary (KEFU_BIN, default build/server/cli/kefu),
// /usr/bin/chromium (or CHROMIUM_BIN). Screenshots go to tests/e2e/artifacts/.
// Prints "N passed, M failed" last and exits non-zero when anything failed.
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./lib/browser.mjs";
import { startKefu } from "./lib/kefu_server.mjs";
import { ARTIFACTS, E2E_DIR } from "./lib/paths.mjs";

const filter = process.argv[2] ?? "";
mkdirSync(ARTIFACTS, { recursive: true });

const tests = [];
for (const file of readdirSync(E2E_DIR).filter((f) => f.endsWith(".test.mjs")).sort()) {
  const module = await import(pathToFileURL(join(E2E_DIR, file)).href);
  for (const test of module.tests) {
    if (test.name.includes(filter) || file.includes(filter)) tests.push({ ...test, file });
  }
}

let passed = 0;
let failed = 0;
let server = null;
let browser = null;
try {
  server = await startKefu();
  browser = await launchChromium();
  console.log(`kefu at ${server.url}; ${tests.length} test(s)`);
  for (const test of tests) {
    const started = Date.now();
    const contexts = [];
    const newPerson = async (options = {}) => {
      const context = await browser.newContext({ baseURL: server.url, locale: "en-US", ...options });
      contexts.push(context);
      return context;
    };
    try {
      await withTimeout(test.run({ server, browser, newPerson, artifacts: ARTIFACTS }), test.timeoutMs ?? 60_000);
      passed += 1;
      console.log(`ok   ${test.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${test.name} (${Date.now() - started} ms)\n     ${String(error?.stack ?? error).replaceAll("\n", "\n     ")}`);
      let i = 0;
      for (const context of contexts) {
        for (const page of context.pages()) {
          await page.screenshot({ path: join(ARTIFACTS, `FAIL-${slug(test.name)}-${i++}.png`) }).catch(() => {});
        }
      }
    } finally {
      for (const context of contexts) await context.close().catch(() => {});
    }
  }
} catch (error) {
  failed += Math.max(1, tests.length - passed - failed);
  console.log(`FAIL setup: ${error?.stack ?? error}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) {
    if (failed > 0) console.log(`--- kefu server output ---\n${server.logs().slice(-4000)}`);
    await server.stop().catch(() => {});
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

function slug(name) {
  return name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
}
