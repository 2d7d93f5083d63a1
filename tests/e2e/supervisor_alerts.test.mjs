// Alerts and chats at risk, in both languages: the supervisor sets a threshold on waiting chats,
// a chat waits, the screen shows the alert and the chat at risk (soonest breach first), and
// nothing on the screen is cut off at 1,024 × 768.
import assert from "node:assert/strict";
import { join } from "node:path";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { customerSays, forbidDialogs, openWidget, samSupervises } from "./lib/people.mjs";

const LANGUAGES = [
  { locale: "en-US", saved: "Thresholds saved.", alert: /1 chats waiting \(alert at 1\)/, refused: /not saved/ },
  { locale: "zh-CN", saved: "阈值已保存。", alert: /1 个会话在排队（告警值 1）/, refused: /未保存/ },
];

export const tests = LANGUAGES.map((lang) => ({
  name: `alerts and chats at risk on the supervisor screen at 1024 px (${lang.locale})`,
  timeoutMs: 120_000,
  async run({ browser, artifacts }) {
    await withOwnServer(browser, [], async ({ person }) => {
      const problems = [];
      const supervisor = await samSupervises(person, problems, lang.locale, { width: 1024, height: 768 });
      const form = supervisor.locator("kefu-alerts section.thresholds form");
      await form.waitFor({ timeout: 15_000 });
      // A bad threshold is refused by the server and changes nothing.
      await form.locator("input[name=service_level_pct]").fill("150");
      await form.locator("button[type=submit]").click();
      await supervisor.locator("kefu-alerts section.thresholds [role=alert]", { hasText: lang.refused }).waitFor();
      const unchanged = await supervisor.evaluate(async () => (await fetch("/api/alerts/thresholds")).json());
      assert.deepEqual(unchanged, { waiting: null, oldest_wait_ms: null, service_level: null, breached: null });

      await form.locator("input[name=service_level_pct]").fill("");
      await form.locator("input[name=waiting]").fill("1");
      await form.locator("input[name=breached]").fill("1");
      await form.locator("button[type=submit]").click();
      await supervisor.locator("kefu-alerts .saved", { hasText: lang.saved }).waitFor();

      // Nobody is online: a chat waits. The alert and the chat at risk appear.
      const customer = await person();
      forbidDialogs(customer, problems);
      await openWidget(customer);
      await customerSays(customer, "Is anybody there?");
      await supervisor.locator("kefu-alerts .alerts-on li[data-alert=waiting]", { hasText: lang.alert }).waitFor({ timeout: 15_000 });
      const row = supervisor.locator("kefu-alerts table.at-risk tbody tr");
      await row.first().waitFor();
      assert.equal(await row.count(), 1);
      assert.match(await row.first().locator("td").nth(1).innerText(), /\S/);
      // The thresholds survive a reload (they are the server's).
      await supervisor.reload();
      await supervisor.locator("kefu-alerts input[name=waiting]").waitFor({ timeout: 15_000 });
      await supervisor.waitForFunction(
        () => document.querySelector("kefu-supervisor")?.shadowRoot?.querySelector("kefu-alerts")?.shadowRoot?.querySelector("input[name=waiting]")?.value === "1",
      );
      await supervisor.locator("kefu-alerts .alerts-on li[data-alert=waiting]").waitFor({ timeout: 15_000 });

      // With the alert, the at-risk table, a drill-down list and today's report open, nothing is
      // wider than the window.
      await supervisor.locator("kefu-supervisor .tile[data-kpi=waiting] button.drill").click();
      await supervisor.locator("kefu-figure-list p.summary").waitFor({ timeout: 10_000 });
      await supervisor.locator("kefu-supervisor form.range button[type=submit]").click();
      await supervisor.locator("kefu-supervisor kefu-kpi-chart[step=day] table.per-day").waitFor({ timeout: 10_000 });
      const overflow = await supervisor.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the window`);
      await supervisor.screenshot({ path: join(artifacts, `supervisor-alerts-${lang.locale}.png`), fullPage: true });
      assert.deepEqual(problems, []);
    });
  },
}));
