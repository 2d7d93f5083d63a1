// The supervisor's live KPI screen follows a real chat through the server's `kpi` frames.
import assert from "node:assert/strict";
import { ALICE, SAM, customerSays, forbidDialogs, goOnline, openWidget, shot, signIn } from "./lib/people.mjs";

/** The number shown in the supervisor tile `key` (data-kpi attribute). */
function tileValue(page, key) {
  return page.locator(`kefu-supervisor .tile[data-kpi=${key}] .value`);
}

async function waitForTile(page, key, text) {
  await page.locator(`kefu-supervisor .tile[data-kpi=${key}] .value`, { hasText: new RegExp(`^${text}$`) }).waitFor({
    timeout: 15_000,
  });
}

export const tests = [
  {
    name: "the supervisor screen shows a new chat in its tiles and tables from live kpi frames",
    timeoutMs: 90_000,
    ownServer: true, // it counts waiting chats from the demo's first state
    async run({ newPerson, artifacts }) {
      const problems = [];
      const supervisor = await (await newPerson({ viewport: { width: 1280, height: 900 } })).newPage();
      forbidDialogs(supervisor, problems);
      await signIn(supervisor, SAM, "/supervisor");
      await tileValue(supervisor, "waiting").waitFor({ timeout: 15_000 });
      await waitForTile(supervisor, "waiting", "0");

      // An online agent takes the first chat at once: one agent online and busy, nobody waiting.
      const agent = await (await newPerson()).newPage();
      forbidDialogs(agent, problems);
      await signIn(agent, ALICE, "/console");
      await goOnline(agent);
      await waitForTile(supervisor, "agents_online", "1");
      const first = await (await newPerson()).newPage();
      forbidDialogs(first, problems);
      await openWidget(first);
      await customerSays(first, "Is the green tea in stock?");
      await agent.locator("kefu-console aside li button", { hasText: "Is the green tea in stock?" }).waitFor({ timeout: 15_000 });
      await waitForTile(supervisor, "agents_busy", "1");
      await waitForTile(supervisor, "waiting", "0");
      await supervisor.locator("kefu-supervisor table.agents tbody tr[data-agent] td", { hasText: "Online" }).first().waitFor();
      // The per-agent table names the agent (the frame's `staff`), not just the user id.
      await supervisor.locator("kefu-supervisor table.agents tbody tr[data-agent] td", { hasText: "Alice Chen" }).first().waitFor();

      await supervisor.locator("kefu-supervisor table.queues tbody tr[data-queue=general] td", { hasText: "100 %" }).waitFor();
      assert.notEqual((await tileValue(supervisor, "service_level").textContent()).trim(), "—");
      assert.ok((await supervisor.locator("kefu-supervisor svg.chart polyline").count()) >= 3);
      await shot(supervisor, artifacts, "supervisor-live-en");

      // History over a date range, and the CSV link for the same range.
      await supervisor.locator("kefu-supervisor form.range button[type=submit]").click();
      await supervisor.locator("kefu-supervisor table.report tbody tr").first().waitFor({ timeout: 10_000 });
      const href = await supervisor.locator("kefu-supervisor a.csv").getAttribute("href");
      assert.match(href, /^\/api\/reports\?from=\d+&to=\d+&format=csv$/);
      const csv = await supervisor.evaluate(async (url) => (await fetch(url)).text(), href);
      assert.match(csv, /^dimension,key,/);

      await supervisor.locator("kefu-supervisor .topbar button", { hasText: "中文" }).click();
      await supervisor.locator("kefu-supervisor .tile .label", { hasText: "排队中" }).waitFor();
      await shot(supervisor, artifacts, "supervisor-zh");
      assert.deepEqual(problems, []);
    },
  },
];
