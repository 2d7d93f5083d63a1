#!/usr/bin/env node
// Browser end-to-end tests against the real kefu server.
//   node tests/e2e/run.mjs [filter]   (a part of a test's name or of its file's name)
// Needs: agent_ui built (agent_ui/dist), the kefu binary (KEFU_BIN, default build/server/cli/kefu),
// /usr/bin/chromium (or CHROMIUM_BIN). Screenshots go to tests/e2e/artifacts/.
// KEFU_E2E_LANES=N (default 2) runs N files at once, each lane on a server of its own.
// Prints "N passed, M failed" last and exits non-zero when anything failed.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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

// Lanes: the test files are shared out between KEFU_E2E_LANES lanes (default 2), each with a
// server of its own on its own demo database, all in one chromium. A lane takes the next file
// when it finishes one, longest first by the last run's times (artifacts/durations.json), so the
// waits of one test (timers, retries, the mail servers) overlap with another's work. A file's
// tests run in order in one lane, against that lane's server; a test that needs the demo's first
// state says `ownServer: true` and gets a server of its own.
const durationsFile = join(ARTIFACTS, "durations.json");
const lastDurations = (() => {
  try {
    return JSON.parse(readFileSync(durationsFile, "utf8"));
  } catch {
    return {};
  }
})();
const files = [...new Set(tests.map((t) => t.file))];
const lanes = Math.max(1, Math.min(Number(process.env.KEFU_E2E_LANES ?? 2) || 1, files.length));
const fileTime = (file) => tests.filter((t) => t.file === file).reduce((sum, t) => sum + (lastDurations[t.name] ?? 10_000), 0);
const waiting = files.sort((a, b) => fileTime(b) - fileTime(a) || a.localeCompare(b));
const durations = { ...lastDurations };

let passed = 0;
let failed = 0;
let browser = null;
const servers = [];

// Runs the files a lane takes, one after another, against `server`.
async function runLane(server) {
  for (let file = waiting.shift(); file !== undefined; file = waiting.shift()) {
    for (const test of tests.filter((t) => t.file === file)) {
      const started = Date.now();
      const contexts = [];
      // A test that counts from the demo's first state (`ownServer: true`) gets a fresh server,
      // whatever the lane's earlier tests left on its own.
      let own = null;
      let target = server;
      const newPerson = async (options = {}) => {
        const context = await browser.newContext({ baseURL: target.url, locale: "en-US", ...options });
        contexts.push(context);
        return context;
      };
      try {
        if (test.ownServer) target = own = await startKefu();
        await withTimeout(test.run({ server: target, browser, newPerson, artifacts: ARTIFACTS }), test.timeoutMs ?? 60_000);
        passed += 1;
        durations[test.name] = Date.now() - started;
        console.log(`ok   ${test.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed += 1;
        target.failed = true;
        if (own) console.log(`--- kefu server output (${own.url}) ---\n${own.logs().slice(-4000)}`);
        console.log(`FAIL ${test.name} (${Date.now() - started} ms)\n     ${String(error?.stack ?? error).replaceAll("\n", "\n     ")}`);
        let i = 0;
        for (const context of contexts) {
          for (const page of context.pages()) {
            await page.screenshot({ path: join(ARTIFACTS, `FAIL-${slug(test.name)}-${i++}.png`) }).catch(() => {});
          }
        }
      } finally {
        for (const context of contexts) await context.close().catch(() => {});
        if (own) await own.stop().catch(() => {});
      }
    }
  }
}

try {
  browser = await launchChromium();
  for (let i = 0; i < lanes; i++) servers.push(await startKefu());
  console.log(`kefu at ${servers.map((s) => s.url).join(", ")}; ${tests.length} test(s) in ${lanes} lane(s)`);
  await Promise.all(servers.map((server) => runLane(server)));
  writeFileSync(durationsFile, JSON.stringify(durations, null, 1));
} catch (error) {
  failed += Math.max(1, tests.length - passed - failed);
  console.log(`FAIL setup: ${error?.stack ?? error}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  for (const server of servers) {
    if (server.failed) console.log(`--- kefu server output (${server.url}) ---\n${server.logs().slice(-4000)}`);
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
