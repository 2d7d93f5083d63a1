// Charts and history you can read, in both languages: today per hour and per day over the
// range, for the centre, a queue or an agent, with a value axis and unit, a time axis and a
// legend; history rows per day, queue and agent; the KPI CSV names agents and counts seconds.
import assert from "node:assert/strict";
import { join } from "node:path";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { aliceServesACustomer, samSupervises } from "./lib/people.mjs";

const LANGUAGES = [
  { locale: "en-US", unit: /Conversations · Hour \(local\)/, dayUnit: /Conversations · Day \(local\)/, percent: /Percent \(%\)/ },
  { locale: "zh-CN", unit: /会话数 · 小时（本地）/, dayUnit: /会话数 · 日期（本地）/, percent: /百分比（%）/ },
];

export const tests = LANGUAGES.map((lang) => ({
  name: `charts per hour and per day with axes, units and legends (${lang.locale})`,
  timeoutMs: 120_000,
  async run({ browser, artifacts }) {
    await withOwnServer(browser, [], async ({ person }) => {
      const problems = [];
      const { agent, customer } = await aliceServesACustomer(person, problems, lang.locale, "When does the sale end?");

      const supervisor = await samSupervises(person, problems, lang.locale, { width: 1024, height: 768 });
      const hourly = supervisor.locator("kefu-supervisor kefu-kpi-chart[step=hour]");
      await hourly.locator("svg g.y-axis text.tick").nth(1).waitFor({ timeout: 15_000 });
      await hourly.locator("svg g.x-axis text.tick").first().waitFor();
      await hourly.locator(".axis-units", { hasText: lang.unit }).waitFor();
      assert.equal(await hourly.locator(".chart-legend [role=listitem]").count(), 2);
      // The answered chat is the last hour's bar (the chart refreshes each minute; reload to see it now).
      const lastAnswered = async () => {
        const bars = hourly.locator("svg rect.bar.answered");
        return Number(await bars.nth((await bars.count()) - 1).getAttribute("data-value"));
      };
      for (let i = 0; i < 30 && (await lastAnswered()) < 1; i++) {
        await supervisor.reload();
        await hourly.locator("svg rect.bar.answered").first().waitFor({ timeout: 15_000 });
      }
      assert.equal(await lastAnswered(), 1);
      // Per agent: Alice answered it.
      await hourly.locator("select[name=group]").selectOption("agent:1");
      assert.equal(await lastAnswered(), 1);
      await hourly.locator("select[name=measure]").selectOption("service_level");
      await hourly.locator("svg circle.point.service_level").last().waitFor();
      await hourly.locator(".axis-units", { hasText: lang.percent }).waitFor();

      // History of the last week: rows per day, per queue and per agent, and the chart per day.
      await supervisor.locator("kefu-supervisor form.range button[type=submit]").click();
      await supervisor.locator("kefu-supervisor table.report tr[data-group=agent][data-key='1'] td", { hasText: "Alice Chen" }).waitFor({ timeout: 10_000 });
      await supervisor.locator("kefu-supervisor table.report tr[data-group=queue][data-key=general]").waitFor();
      const daily = supervisor.locator("kefu-supervisor kefu-kpi-chart[step=day]");
      await daily.locator(".axis-units", { hasText: lang.dayUnit }).waitFor({ timeout: 10_000 });
      // The chart's frame shows before the week's figures come: wait for the last day's row.
      await daily.locator("table.per-day tbody tr").nth(6).waitFor({ timeout: 10_000 });
      assert.equal(await daily.locator("table.per-day tbody tr").count(), 7);
      const today = daily.locator("table.per-day tbody tr").last();
      assert.equal((await today.locator("td").nth(1).innerText()).trim(), "1");

      // The KPI CSV names the agent and gives times in seconds.
      const href = await supervisor.locator("kefu-supervisor a.csv").getAttribute("href");
      const csv = await supervisor.evaluate(async (url) => (await fetch(url)).text(), href);
      assert.match(csv, /^dimension,key,name,first_response_time_s,/);
      assert.match(csv, /\r\nagent,1,Alice Chen,/);
      assert.doesNotMatch(csv.split("\r\n")[0], /_ms/);
      // Nothing is cut off at 1,024 px.
      const overflow = await supervisor.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the window`);
      await supervisor.screenshot({ path: join(artifacts, `supervisor-charts-${lang.locale}.png`), fullPage: true });
      assert.deepEqual(problems, []);
    });
  },
}));
