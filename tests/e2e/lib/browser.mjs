// Debian's chromium driven by playwright-core. chromium.launch gives the browser a fresh
// temporary user-data-dir of its own (removed on close); each test opens one isolated context
// per person (customer, agent) so cookies and localStorage never mix.
import { playwright } from "./paths.mjs";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
];

/** Launches chromium (CHROMIUM_BIN or /usr/bin/chromium). */
export async function launchChromium() {
  const { chromium } = playwright();
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
    args: ARGS,
    headless: true,
  });
}
