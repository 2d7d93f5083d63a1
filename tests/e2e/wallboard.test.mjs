// The wallboard, in both languages: a supervisor opens /wallboard (the language from ?lang=, not
// the browser's), a customer starts waiting and the waiting tile and its alert change live
// without a reload; nothing overflows at 1,920 × 1,080 or 1,024 × 768; an agent opening it is sent
// to the console and nobody signed in to the login.
import assert from "node:assert/strict";
import { join } from "node:path";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, SAM, customerSays, forbidDialogs, openWidget, signIn } from "./lib/people.mjs";

const LANGUAGES = [
  { lang: "en", browser: "zh-CN", title: "Wallboard", waiting: "Waiting", alert: /1 chats waiting \(alert at 1\)/, none: "No alerts" },
  { lang: "zh-CN", browser: "en-US", title: "大屏看板", waiting: "排队中", alert: /1 个会话在排队（告警值 1）/, none: "无告警" },
];

/** How far the page, and any tile's figure or label, is cut off or wider than the window. */
async function overflow(page) {
  return page.evaluate(() => {
    const root = document.querySelector("kefu-wallboard").shadowRoot;
    const problems = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) problems.push(`page ${doc.scrollWidth - window.innerWidth} px too wide`);
    if (doc.scrollHeight > window.innerHeight) problems.push(`page ${doc.scrollHeight - window.innerHeight} px too tall`);
    for (const el of root.querySelectorAll(".tile, .tile .label, .tile .value, header, .alerts")) {
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
        problems.push(`${el.className} ${el.textContent.trim()} is cut off (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
      }
      const box = el.getBoundingClientRect();
      if (box.right > window.innerWidth + 1 || box.bottom > window.innerHeight + 1) problems.push(`${el.className} outside the window`);
    }
    return problems;
  });
}

const tileValue = (page, kpi) => page.locator(`kefu-wallboard .tile[data-kpi=${kpi}] .value`);

export const tests = [
  ...LANGUAGES.map((l) => ({
    name: `wallboard changes live and fits 1920 and 1024 px (${l.lang})`,
    timeoutMs: 120_000,
    async run({ browser, artifacts }) {
      await withOwnServer(browser, [], async ({ person }) => {
        const problems = [];
        const supervisor = await person({ locale: l.browser, viewport: { width: 1920, height: 1080 } });
        forbidDialogs(supervisor, problems);
        await signIn(supervisor, SAM, "/supervisor");
        // The supervisor screen links to the wallboard in its own language.
        const link = supervisor.locator("kefu-supervisor a.wallboard-link");
        await link.waitFor({ timeout: 15_000 });
        assert.match(await link.getAttribute("href"), /^\/wallboard\?lang=/);
        // An alert at one waiting chat, so the tile lights up when a customer waits.
        const status = await supervisor.evaluate(async () => {
          const res = await fetch("/api/alerts/thresholds", {
            method: "PUT",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ waiting: 1, oldest_wait_ms: null, service_level: null, breached: null }),
          });
          return res.status;
        });
        assert.equal(status, 200);

        await supervisor.goto(`/wallboard?lang=${l.lang}`);
        await supervisor.locator("kefu-wallboard h1", { hasText: l.title }).waitFor({ timeout: 15_000 });
        assert.equal(await supervisor.evaluate(() => document.documentElement.lang), l.lang);
        await supervisor.locator("kefu-wallboard .tile[data-kpi=waiting] .label", { hasText: l.waiting }).waitFor();
        await supervisor.waitForFunction(() => document.querySelector("kefu-wallboard")?.shadowRoot?.querySelector(".tile[data-kpi=waiting] .value")?.textContent.trim() === "0", null, { timeout: 15_000 });
        assert.equal(await supervisor.locator("kefu-wallboard .tile.alert").count(), 0);
        await supervisor.locator("kefu-wallboard ul.alerts li.none", { hasText: l.none }).waitFor();
        assert.equal(await supervisor.locator("kefu-wallboard button, kefu-wallboard input, kefu-wallboard a").count(), 0);
        assert.deepEqual(await overflow(supervisor), []);
        // A mark on the page: it must still be there after the figures change (no reload).
        await supervisor.evaluate(() => (window.wallboardMark = "still here"));

        // Nobody is online: a chat waits.
        const customer = await person();
        forbidDialogs(customer, problems);
        await openWidget(customer);
        await customerSays(customer, "Is anybody there?");
        await supervisor.waitForFunction(() => document.querySelector("kefu-wallboard")?.shadowRoot?.querySelector(".tile[data-kpi=waiting] .value")?.textContent.trim() === "1", null, { timeout: 15_000 });
        await supervisor.locator("kefu-wallboard .tile.alert[data-kpi=waiting]").waitFor({ timeout: 15_000 });
        await supervisor.locator("kefu-wallboard ul.alerts.on li[data-alert=waiting]", { hasText: l.alert }).waitFor();
        assert.match(await tileValue(supervisor, "oldest_wait").innerText(), /^\d+:\d\d$/);
        assert.equal(await supervisor.evaluate(() => window.wallboardMark), "still here");
        assert.deepEqual(await overflow(supervisor), []);
        await supervisor.screenshot({ path: join(artifacts, `wallboard-1920-${l.lang}.png`) });

        await supervisor.setViewportSize({ width: 1024, height: 768 });
        await supervisor.waitForTimeout(200);
        assert.deepEqual(await overflow(supervisor), []);
        await supervisor.screenshot({ path: join(artifacts, `wallboard-1024-${l.lang}.png`) });
        assert.deepEqual(problems, []);
      });
    },
  })),
  {
    name: "wallboard sends an agent to the console and nobody signed in to the login",
    timeoutMs: 60_000,
    async run({ browser }) {
      await withOwnServer(browser, [], async ({ person }) => {
        const agent = await person();
        await signIn(agent, ALICE, "/console");
        await agent.goto("/wallboard?lang=en");
        await agent.waitForURL((u) => u.pathname === "/console", { timeout: 15_000 });

        const stranger = await person();
        await stranger.goto("/wallboard");
        await stranger.waitForURL((u) => u.pathname === "/login", { timeout: 15_000 });
        assert.equal(new URL(stranger.url()).searchParams.get("next"), "/wallboard");
      });
    },
  },
];
