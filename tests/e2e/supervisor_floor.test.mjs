// Running the floor from the supervisor screen, in both languages: agents by name with status
// and load, setting an agent away with a reason (the agent's console shows the notice), the
// chart's axes and legend, the 400-day limit of the history and the per-conversation CSV.
import assert from "node:assert/strict";
import { join } from "node:path";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { aliceServesACustomer, samSupervises, shot } from "./lib/people.mjs";

const LANGUAGES = [
  { locale: "en-US", away: "Away", notice: /Sam Taylor set your status to Away: Team meeting/, tooLong: /at most 400 days/,
    reassigned: "Reassigned to general.", queued: "Queued" },
  { locale: "zh-CN", away: "离开", notice: /Sam Taylor 将你的状态设为离开：Team meeting/, tooLong: /最多 400 天/,
    reassigned: "已改派给 general。", queued: "排队中" },
];

export const tests = LANGUAGES.map((lang) => ({
  name: `the supervisor runs the floor (${lang.locale})`,
  timeoutMs: 120_000,
  async run({ browser, artifacts }) {
    await withOwnServer(browser, [], async ({ person }) => {
      const problems = [];
      const { agent, customer } = await aliceServesACustomer(person, problems, lang.locale, "Do you ship to Lyon?");

      const supervisor = await samSupervises(person, problems, lang.locale, { width: 1024, height: 800 });
      // The agent table names the agent, with load against capacity.
      const row = supervisor.locator("kefu-supervisor table.agents tbody tr[data-agent]", { hasText: "Alice Chen" });
      await row.waitFor({ timeout: 15_000 });
      await row.locator("td.load", { hasText: /^1 \/ \d+$/ }).waitFor({ timeout: 15_000 });
      assert.doesNotMatch(await supervisor.locator("kefu-supervisor table.agents").innerText(), /#\d/);
      // Nothing is cut off at 1,024 px: the page does not scroll sideways.
      const overflow = await supervisor.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the window`);

      // The chart has a value axis with ticks, a time axis and a legend.
      assert.ok((await supervisor.locator("kefu-supervisor svg.chart g.y-axis text.tick").count()) >= 2);
      await supervisor.locator("kefu-supervisor svg.chart g.x-axis text.tick").first().waitFor();
      assert.equal(await supervisor.locator("kefu-supervisor .legend [role=listitem]").count(), 3);

      // Setting the agent away with a reason: the agent's console says who and why.
      await row.locator("select").selectOption("away");
      await row.locator("input.reason").fill("Team meeting");
      await row.locator("button.set-status").click();
      await agent.locator("kefu-console .notice.info", { hasText: lang.notice }).waitFor({ timeout: 10_000 });
      await row.locator("td.status", { hasText: lang.away }).waitFor({ timeout: 10_000 });
      await supervisor.locator("kefu-supervisor .floor-notice").waitFor();
      await supervisor.screenshot({ path: join(artifacts, `supervisor-floor-${lang.locale}.png`), fullPage: true });
      await shot(agent, artifacts, `console-status-set-${lang.locale}`);

      // Reassigning the conversation: the agents (with status and load) and the queues are offered.
      await supervisor.locator("kefu-monitor table.conversations button.open").first().click();
      const to = supervisor.locator("kefu-monitor form.reassign select");
      await to.waitFor();
      assert.match(await to.locator("option[value='agent:1']").innerText(), new RegExp(`Alice Chen · ${lang.away} · 1/3`));
      await to.selectOption("queue:general");
      await supervisor.locator("kefu-monitor form.reassign button[type=submit]").click();
      await supervisor.locator("kefu-monitor .info", { hasText: lang.reassigned }).waitFor({ timeout: 10_000 });
      await supervisor.locator("kefu-monitor table.conversations tbody tr td", { hasText: lang.queued }).waitFor({ timeout: 10_000 });

      // A range over 400 days: a clear message, and the server refuses it too.
      await supervisor.locator("kefu-supervisor form.range input[name=from]").fill("2020-01-01");
      await supervisor.locator("kefu-supervisor form.range button[type=submit]").click();
      await supervisor.locator("kefu-supervisor .history [role=alert]", { hasText: lang.tooLong }).waitFor();
      const refused = await supervisor.evaluate(async () => (await fetch(`/api/reports?from=0&to=${401 * 86_400_000}`)).status);
      assert.equal(refused, 400);

      // The per-conversation CSV of today, with the conversation in it.
      const today = new Date();
      const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
      await supervisor.locator("kefu-supervisor form.range input[name=from]").fill(day);
      await supervisor.locator("kefu-supervisor form.range input[name=to]").fill(day);
      const href = await supervisor.locator("kefu-supervisor a.conversations-csv").getAttribute("href");
      assert.match(href, /^\/api\/reports\/conversations\.csv\?from=\d+&to=\d+$/);
      const csv = await supervisor.evaluate(async (url) => {
        const res = await fetch(url);
        return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
      }, href);
      assert.equal(csv.status, 200);
      assert.match(csv.type, /^text\/csv/);
      assert.match(csv.text, /^conversation_id,customer,channel,queue,agent,/);
      assert.match(csv.text, /Alice Chen/);
      assert.deepEqual(problems, []);
    });
  },
}));
