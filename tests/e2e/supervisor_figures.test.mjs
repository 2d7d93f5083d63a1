// Figures you can follow, in both languages: each KPI figure on the supervisor screen (tiles,
// queue table, agent table, history) opens the list of the conversations behind it, and the
// list holds as many conversations as the figure says.
import assert from "node:assert/strict";
import { join } from "node:path";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { aliceServesACustomer, customerSays, forbidDialogs, openWidget, samSupervises } from "./lib/people.mjs";

const LANGUAGES = [
  { locale: "en-US", answeredTitle: /Answered · general/, waitingTitle: /Waiting · whole centre/, withinTarget: "Within target", yes: "yes" },
  { locale: "zh-CN", answeredTitle: /已接入 · general/, waitingTitle: /排队中 · 整个中心/, withinTarget: "目标内", yes: "是" },
];

/** The figure list's summary count once it has loaded. */
async function listCount(page) {
  const summary = page.locator("kefu-figure-list p.summary");
  await summary.waitFor({ timeout: 10_000 });
  return Number(await summary.getAttribute("data-count"));
}

export const tests = LANGUAGES.map((lang) => ({
  name: `each figure opens the conversations behind it (${lang.locale})`,
  timeoutMs: 120_000,
  async run({ browser, artifacts }) {
    await withOwnServer(browser, [], async ({ person }) => {
      const problems = [];
      const { agent, customer } = await aliceServesACustomer(person, problems, lang.locale, "Is my order on its way?");

      const supervisor = await samSupervises(person, problems, lang.locale, { width: 1024, height: 768 });
      const answered = supervisor.locator("kefu-supervisor table.queues tr[data-queue=general] button.drill[data-figure=answered]");
      await answered.filter({ hasText: /^1$/ }).waitFor({ timeout: 15_000 });

      // The queue's answered figure: one conversation, Alice's.
      await answered.click();
      const list = supervisor.locator("kefu-figure-list section.figure-list");
      await list.locator("h2", { hasText: lang.answeredTitle }).waitFor();
      assert.equal(await listCount(supervisor), 1);
      await list.locator("table.figure-rows tbody tr td", { hasText: "Alice Chen" }).waitFor();

      // The service-level tile: its list says how many count and each row whether it did.
      await supervisor.locator("kefu-supervisor .tile[data-kpi=service_level] button.drill").click();
      await list.locator("th", { hasText: lang.withinTarget }).waitFor();
      assert.equal(await listCount(supervisor), 1);
      await list.locator("tbody tr[data-counted=true] td.yes", { hasText: lang.yes }).waitFor();

      // Alice goes away; a second customer waits. The waiting tile lists them with the breach time.
      await agent.locator("kefu-console select.status").selectOption("away");
      const second = await person();
      forbidDialogs(second, problems);
      await openWidget(second);
      await customerSays(second, "Hello, anyone?");
      await supervisor.locator("kefu-supervisor .tile[data-kpi=waiting] button.drill", { hasText: /^1$/ }).waitFor({ timeout: 15_000 });
      await supervisor.locator("kefu-supervisor .tile[data-kpi=waiting] button.drill").click();
      await list.locator("h2", { hasText: lang.waitingTitle }).waitFor();
      assert.equal(await listCount(supervisor), 1);
      await list.locator("tbody tr td.breach, tbody tr td.no.breach").first().waitFor();

      // History: today's report; its answered figure opens the same conversation.
      await supervisor.locator("kefu-supervisor form.range button[type=submit]").click();
      const total = supervisor.locator("kefu-supervisor table.report tr[data-group=total] button.drill[data-figure=answered]");
      await total.waitFor({ timeout: 10_000 });
      const shown = Number((await total.innerText()).trim());
      await total.click();
      await supervisor.waitForFunction(
        () => document.querySelector("kefu-supervisor")?.shadowRoot?.querySelector("kefu-figure-list")?.shadowRoot?.querySelector("h2")?.textContent?.includes("general") === false,
      );
      assert.equal(await listCount(supervisor), shown);
      await supervisor.screenshot({ path: join(artifacts, `supervisor-figures-${lang.locale}.png`), fullPage: true });
      await list.locator("button.close").click();
      await supervisor.locator("kefu-figure-list").waitFor({ state: "detached" });
      assert.deepEqual(problems, []);
    });
  },
}));
