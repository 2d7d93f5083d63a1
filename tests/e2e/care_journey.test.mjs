// Care from the admin's form to the supervisor's figures (issue 23), in both languages: an admin
// creates a rule in the form (no delay, any hour, goal: buying again), dry-runs and enables it,
// and enables the built-in satisfaction check; the shop reports a delivered order; the agent
// opens the care task it created, sees the customer's upcoming care beside it (the satisfaction
// check in 30 days, kefu-upcoming-care as the customer panel shows it) and completes the task
// with what happened; the supervisor sees the rule
// reaching one customer and the task's recorded outcome. Each language on its own server.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { sendShopOrder } from "./lib/shop.mjs";
import { ADMIN, ALICE, SAM, forbidDialogs, shot, signIn } from "./lib/people.mjs";
import { inEnglishAndChinese } from "./lib/both_languages.mjs";

const SECRET = "e2e-care-journey-secret";
const TEXTS = {
  "en-US": { saved: "Rule saved.", preview: "Would reach", on: "On", closed: "Task closed.", reach: "1 / 0 customers", upcoming: "Upcoming care" },
  "zh-CN": { saved: "规则已保存。", preview: "今天将触达", on: "已启用", closed: "任务已关闭。", reach: "1 / 0 位客户", upcoming: "即将进行的关怀" },
};

async function careJourney(browser, locale, artifacts) {
  const texts = TEXTS[locale];
  await withOwnServer(browser, ["--shop-secret", SECRET], async ({ server, person }) => {
    const problems = [];
    const admin = await person({ locale });
    forbidDialogs(admin, problems);
    await signIn(admin, ADMIN, "/supervisor");
    await admin.goto("/admin#care");
    const rules = admin.locator("kefu-admin kefu-admin-rules");
    await rules.locator("tr", { hasText: "Thank-you after delivery" }).waitFor({ timeout: 15_000 });

    // A new rule from the form: a care task at once after delivery, measured by repurchase.
    const name = `Welcome call ${locale}`;
    await rules.locator("button.new-rule").click();
    const form = rules.locator("form.rule-form");
    await form.locator("input[name=name]").fill(name);
    await form.locator("select[name=trigger]").selectOption("order_delivered");
    await form.locator("input[name=delay_days]").fill("0");
    await form.locator("input[name=delay_hours]").fill("0");
    await form.locator("textarea[name=text_en]").fill("Call {customer} about {order}");
    await form.locator("textarea[name=text_zh]").fill("致电{customer}，订单{order}");
    await form.locator("input[name=quiet_hours]").uncheck();
    await form.locator("select[name=goal_kind]").selectOption("repurchase");
    await form.locator("button.save").click();
    await rules.locator("[role=status]", { hasText: texts.saved }).waitFor();
    const row = rules.locator("tr", { hasText: name });
    await row.locator("button.preview").click();
    await row.locator(".preview-result", { hasText: texts.preview }).waitFor();
    await row.locator("button.toggle").click();
    await row.locator("td.state", { hasText: texts.on }).waitFor();
    const check = rules.locator("tr", { hasText: "Satisfaction check after a month" });
    await check.locator("button.toggle").click();
    await check.locator("td.state", { hasText: texts.on }).waitFor();
    await shot(admin, artifacts, `care-rules-${locale}`);

    await sendShopOrder(server.url, SECRET, {
      id: 990001,
      name: "#990001",
      email: "wu.fang@example.com",
      created_at: "2026-11-20T10:00:00Z",
      total_price: "128.00",
      currency: "CNY",
      financial_status: "paid",
      fulfillment_status: "fulfilled",
      fulfillments: [{ status: "delivered", tracking_number: "SF990" }],
      customer: { id: 99001, first_name: "Fang", last_name: "Wu", email: "wu.fang@example.com" },
      line_items: [{ title: "Dian Hong", quantity: 1, price: "128.00", sku: "DH-1" }],
    });

    // The agent completes the task and records what happened.
    const agent = await person({ locale, viewport: { width: 1400, height: 900 } });
    forbidDialogs(agent, problems);
    await signIn(agent, ALICE, "/console");
    const care = agent.locator("kefu-console kefu-care-tasks");
    const task = care.locator("li[data-care-task]", { hasText: "#990001" });
    await task.waitFor({ timeout: 20_000 });
    await task.locator("button.open").click();
    // Beside the opened task: the customer's upcoming care (the satisfaction check in 30 days),
    // the element the customer panel shows beside a conversation with her.
    const upcoming = task.locator("kefu-upcoming-care");
    await upcoming.locator("h3", { hasText: texts.upcoming }).waitFor({ timeout: 10_000 });
    await upcoming.locator("li[data-care-job]", { hasText: "Satisfaction check after a month" }).waitFor();
    await shot(agent, artifacts, `care-upcoming-${locale}`);
    await task.locator("textarea").fill("Called: she will order the cups too");
    await task.locator("button.done").click();
    await care.locator("[role=status]", { hasText: texts.closed }).waitFor();

    // The supervisor sees the rule's reach and the recorded outcome.
    const supervisor = await person({ locale, viewport: { width: 1400, height: 1000 } });
    forbidDialogs(supervisor, problems);
    await signIn(supervisor, SAM, "/supervisor");
    const outcomes = supervisor.locator("kefu-supervisor kefu-care-outcomes");
    const outcome = outcomes.locator("tr[data-outcome-rule]", { hasText: name });
    await outcome.waitFor({ timeout: 15_000 });
    assert.equal((await outcome.locator("td.reach").textContent()).trim(), texts.reach);
    await outcomes.locator("li[data-closed-task]", { hasText: "Called: she will order the cups too" }).waitFor();
    await shot(supervisor, artifacts, `care-outcomes-${locale}`);
    assert.deepEqual(problems, []);
  });
}

export const tests = inEnglishAndChinese(
  "care journey: a rule from the form to the agent's task, the panel and the supervisor",
  150_000,
  careJourney,
);
