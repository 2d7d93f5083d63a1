// Starts the real kefu server on a fresh database and an ephemeral port.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
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

/**
 * Migrates a temporary database, loads the demo data and serves agent_ui/dist on 127.0.0.1:0.
 * Resolves with { url, stop(), logs() } once the server prints its address.
 */
export async function startKefu({ staticDir = resolve(ROOT, "agent_ui/dist") } = {}) {
  const bin = kefuBinary();
  if (!existsSync(bin)) throw new Error(`kefu binary not found at ${bin} (set KEFU_BIN or build it)`);
  if (!existsSync(join(staticDir, "widget.js"))) throw new Error(`no built UI in ${staticDir} (run npm run build in agent_ui)`);
  const dir = mkdtempSync(join(tmpdir(), "kefu-e2e-"));
  const db = join(dir, "kefu.db");
  runOrThrow(bin, ["migrate", "--db", db]);
  runOrThrow(bin, ["demo", "--db", db]);
  const child = spawn(bin, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--static-dir", staticDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`kefu serve did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => (output += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`kefu serve exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners("exit");
  return {
    url,
    logs: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
