// Starts the real kefu server on a fresh database and an ephemeral port.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ROOT } from "./paths.mjs";

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

/** The kefu binary: $KEFU_BIN, else build/server/cli/kefu. */
export function kefuBinary() {
  return resolve(ROOT, process.env.KEFU_BIN ?? "build/server/cli/kefu");
}

function runOrThrow(bin, args) {
  const result = spawnSync(bin, args, { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${bin} ${args.join(" ")} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
}

// The demo database this process's servers start from: `kefu demo` once (a second or more, its
// writes are synced), then each server gets a copy. Removed when the process exits.
let demoTemplate = null;
function demoDatabase(bin) {
  if (demoTemplate === null) {
    const dir = mkdtempSync(join(tmpdir(), "kefu-e2e-demo-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, "kefu.db");
    runOrThrow(bin, ["migrate", "--db", db]);
    runOrThrow(bin, ["demo", "--db", db]);
    if (existsSync(`${db}-wal`)) throw new Error(`kefu demo left ${db}-wal: the copy would miss its last writes`);
    demoTemplate = db;
  }
  return demoTemplate;
}

/**
 * Starts on a temporary copy of the demo database (unless `empty`: a migrated empty database, on
 * which the server prints the first admin's setup link, see setupUrl()) and serves agent_ui/dist
 * on 127.0.0.1:0 (`extraArgs` go to `kefu serve`, e.g. --demo --shop-secret S).
 * Resolves with { url, logs(), setupUrl(), halt(), resume(), stop() } once the server prints its
 * address.
 */
export async function startKefu({ staticDir = resolve(ROOT, "agent_ui/dist"), extraArgs = [], empty = false } = {}) {
  const bin = kefuBinary();
  if (!existsSync(bin)) throw new Error(`kefu binary not found at ${bin} (set KEFU_BIN or build it)`);
  if (!existsSync(join(staticDir, "widget.js"))) throw new Error(`no built UI in ${staticDir} (run npm run build in agent_ui)`);
  const dir = mkdtempSync(join(tmpdir(), "kefu-e2e-"));
  const db = join(dir, "kefu.db");
  if (empty) runOrThrow(bin, ["migrate", "--db", db]);
  else copyFileSync(demoDatabase(bin), db);
  let listen = "127.0.0.1:0";
  let output = "";
  let child = null;

  // Starts `kefu serve` and resolves with its URL once it prints the address.
  const serve = () => {
    child = spawn(bin, ["serve", "--db", db, "--listen", listen, "--static-dir", staticDir, ...extraArgs], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const started = output.length;
    return new Promise((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`kefu serve did not start in 20 s:\n${output}`)), 20_000);
      const onExit = (code) => {
        clearTimeout(timer);
        reject(new Error(`kefu serve exited with ${code}:\n${output}`));
      };
      const onData = (chunk) => {
        output += chunk.toString();
        const match = LISTENING.exec(output.slice(started));
        if (match) {
          clearTimeout(timer);
          child.off("exit", onExit);
          resolveUrl(match[1]);
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("exit", onExit);
    });
  };

  const halt = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
  };

  const url = await serve();
  listen = new URL(url).host;
  return {
    url,
    /** The database file (for `kefu mail receive --db`). */
    db,
    logs: () => output,
    /** The one-time setup link `kefu serve` printed on an empty database (waits up to 5 s). */
    async setupUrl() {
      for (let i = 0; i < 50; i++) {
        const match = /setup: (http:\/\/\S+)/.exec(output);
        if (match) return match[1];
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no setup link printed:\n${output}`);
    },
    /** Stops the server (SIGTERM) and keeps its database. */
    halt,
    /** Starts it again on the same address and database. */
    async resume() {
      await serve();
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `body({ server, person, contexts })` against a kefu server of its own, started with
 * `extraArgs`; `person(options)` opens a page in a new browser context (en-US unless told).
 * The contexts and the server are closed afterwards, whatever happens.
 */
export async function withOwnServer(browser, extraArgs, body) {
  const server = await startKefu({ extraArgs });
  const contexts = [];
  const person = async (options = {}) => {
    const context = await browser.newContext({ baseURL: server.url, locale: "en-US", ...options });
    contexts.push(context);
    return context.newPage();
  };
  try {
    return await body({ server, person, contexts });
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await server.stop().catch(() => {});
  }
}
