// Where things are: the repository root, agent_ui's node_modules (playwright-core lives there).
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const E2E_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = resolve(E2E_DIR, "../..");
export const ARTIFACTS = resolve(E2E_DIR, "artifacts");

const requireFromUi = createRequire(resolve(ROOT, "agent_ui/package.json"));

/** playwright-core, resolved from agent_ui/node_modules. */
export function playwright() {
  return requireFromUi("playwright-core");
}
