// Care after purchase (issue 23): an admin edits the built-in thank-you rule (no delay, any
// hour), previews and enables it; the shop reports a delivered order; the care task appears in
// the agent's console with the order beside it, the agent opens it, writes what happened and
// closes it; the rule's log shows it done. Runs on its own server.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { sendShopOrder } from "./lib/shop.mjs";
import { ADMIN, ALICE, forbidDialogs, signIn } from "./lib/people.mjs";

const SECRET = "e2e-care-secret";

export const tests = [
  {
    name: "a care task appears for an agent after a delivered order and is closed with its outcome",
    timeoutMs: 120_000,
    async run({ browser }) {
      await withOwnServer(browser, ["--shop-secret", SECRET], async ({ server, person }) => {
        const problems = [];
        const admin = await person();
        forbidDialogs(admin, problems);
        await signIn(admin, ADMIN, "/supervisor");
        await admin.goto("/admin#care");
        const rules = admin.locator("kefu-admin kefu-admin-rules");
        const row = rules.locator("tr", { hasText: "Thank-you after delivery" });
        await row.waitFor({ timeout: 15_000 });
        assert.equal((await row.locator("td.state").textContent()).trim(), "Off");

        await row.locator("button.edit").click();
        const form = rules.locator("form.rule-form");
        await form.locator("input[name=delay_days]").fill("0");
        await form.locator("input[name=delay_hours]").fill("0");
        await form.locator("input[name=quiet_hours]").uncheck();
        await form.locator("textarea[name=text_zh]").fill("感谢{customer}，订单{order}：<b>{items}</b>");
        await form.locator("button.save").click();
        await rules.locator("[role=status]", { hasText: "Rule saved." }).waitFor();

        await row.locator("button.preview").click();
        await row.locator(".preview-result", { hasText: "Would reach" }).waitFor();
        await row.locator("button.toggle").click();
        await row.locator("td.state", { hasText: "On" }).waitFor();

        await sendShopOrder(server.url, SECRET, {
          id: 880001,
          name: "#880001",
          email: "lin.mei@example.com",
          created_at: "2026-11-20T10:00:00Z",
          total_price: "96.00",
          currency: "CNY",
          financial_status: "paid",
          fulfillment_status: "fulfilled",
          fulfillments: [{ status: "delivered", tracking_number: "SF100" }],
          customer: { id: 88001, first_name: "Mei", last_name: "Lin", email: "lin.mei@example.com" },
          line_items: [{ title: "Anxi Tieguanyin", quantity: 1, price: "96.00", sku: "TGY-100" }],
        });

        const agent = await person({ viewport: { width: 1400, height: 900 } });
        forbidDialogs(agent, problems);
        await signIn(agent, ALICE, "/console");
        const care = agent.locator("kefu-console kefu-care-tasks");
        const task = care.locator("li[data-care-task]", { hasText: "#880001" });
        await task.waitFor({ timeout: 20_000 });
        // The customer's locale is unknown: the shop's default (zh-CN) text, markup as text.
        assert.match(await task.locator(".text").textContent(), /感谢Mei Lin，订单#880001：<b>Anxi Tieguanyin x 1<\/b>/);
        await task.locator("button.open").click();
        await task.locator(".order", { hasText: "96.00 CNY" }).waitFor();
        await task.locator(".order li", { hasText: "Anxi Tieguanyin × 1" }).waitFor();
        await task.locator("textarea").fill("Called: the tea arrived well");
        await task.locator("button.done").click();
        await care.locator("[role=status]", { hasText: "Task closed." }).waitFor();
        await care.locator("li[data-care-task]").first().waitFor({ state: "detached" });

        await row.locator("button.log").click();
        await row.locator(".rule-log", { hasText: "done" }).waitFor();
        assert.deepEqual(problems, []);
      });
    },
  },
];
