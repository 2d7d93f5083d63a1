// "Possible same person": an anonymous widget visitor leaves the email the shop knows for a
// customer with orders; the agent sees the suggestion beside the chat, accepts it (the panel shows
// the customer's orders) and undoes it again. The widget learns nothing about the other customer.
// Runs its own server with a shop secret (and without --demo, so the visitor stays anonymous).
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { sendShopOrder } from "./lib/shop.mjs";
import { ALICE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, shot, signIn } from "./lib/people.mjs";

const SECRET = "e2e-merge-secret";

/** The shop sends an order for Mei Lin (signed as Shopify signs it): her email is verified. */
async function shopOrder(url) {
  await sendShopOrder(url, SECRET, {
    id: 880001,
    name: "#880001",
    email: "mei.lin@example.com",
    created_at: "2026-11-20T10:00:00Z",
    total_price: "58.00",
    currency: "USD",
    financial_status: "paid",
    fulfillment_status: "fulfilled",
    customer: { id: 88001, first_name: "Mei", last_name: "Lin", email: "mei.lin@example.com" },
    line_items: [{ title: "Jasmine pearls", quantity: 2, price: "29.00", sku: "JP-2" }],
  });
}

export const tests = [
  {
    name: "a visitor's email raises a suggestion the agent accepts and undoes",
    timeoutMs: 120_000,
    async run({ browser, artifacts }) {
      await withOwnServer(browser, ["--shop-secret", SECRET], async ({ server, person }) => {
        const problems = [];
        await shopOrder(server.url);
        const agent = await person({ viewport: { width: 1400, height: 900 } });
        forbidDialogs(agent, problems);
        await signIn(agent, ALICE, "/console");
        await goOnline(agent);

        const customer = await person();
        forbidDialogs(customer, problems);
        await openWidget(customer);
        await customerSays(customer, "Has my jasmine tea shipped?");

        // The field works from the keyboard: open it, type, Enter.
        const toggle = customer.locator("kefu-chat-widget kefu-contact-claim button.toggle");
        await toggle.focus();
        await customer.keyboard.press("Enter");
        const field = customer.locator("kefu-chat-widget kefu-contact-claim input");
        await field.waitFor();
        assert.equal(await field.evaluate((el) => el.getRootNode().activeElement === el), true);
        // A typo is caught before anything is sent.
        await customer.keyboard.type("mei.lin@");
        await customer.keyboard.press("Enter");
        await customer.locator("kefu-chat-widget kefu-contact-claim .status.problem").waitFor();
        await field.fill("");
        const claimed = customer.waitForResponse((r) => r.url().endsWith("/api/widget/claim"));
        await customer.keyboard.type("Mei.Lin+tea@Example.com");
        await customer.keyboard.press("Enter");
        const answer = await claimed;
        assert.equal(answer.status(), 200);
        assert.deepEqual(await answer.json(), { type: "identity_claim", status: "received" });
        await customer.locator("kefu-chat-widget kefu-contact-claim .status", { hasText: "Thank you" }).waitFor();
        await shot(customer, artifacts, "widget-contact-claim");

        // The agent sees the possible match beside the chat.
        await openConversation(agent, "jasmine");
        const panel = agent.locator("kefu-console kefu-customer-panel");
        const suggestion = panel.locator(".suggestion");
        await suggestion.waitFor({ timeout: 15_000 });
        assert.match(await suggestion.textContent(), /Mei Lin/);
        assert.match(await suggestion.textContent(), /mei\.lin@example\.com/);
        assert.equal(await panel.locator(".order").count(), 0);
        await shot(agent, artifacts, "console-merge-suggestion");

        // Accept: the panel becomes Mei Lin, with her order, and offers Undo.
        const accepted = agent.waitForResponse((r) => r.url().includes("/accept") && r.request().method() === "POST");
        await suggestion.locator("button.accept").click();
        assert.equal((await accepted).status(), 200);
        await panel.locator(".customer .name", { hasText: "Mei Lin" }).waitFor({ timeout: 10_000 });
        await panel.locator(".order", { hasText: "#880001" }).waitFor({ timeout: 10_000 });
        const merged = panel.locator(".merge");
        await merged.waitFor();
        assert.equal(await panel.locator(".suggestion").count(), 0);
        await shot(agent, artifacts, "console-merged");

        // Undo: the visitor is separate again and the suggestion is back.
        const undone = agent.waitForResponse((r) => r.url().includes("/undo") && r.request().method() === "POST");
        await merged.locator("button.undo").click();
        assert.equal((await undone).status(), 200);
        await panel.locator(".suggestion").waitFor({ timeout: 10_000 });
        await panel.locator(".order").waitFor({ state: "detached", timeout: 10_000 });
        assert.equal(await panel.locator(".merge").count(), 0);

        // Nothing about Mei Lin reached the widget.
        const widgetText = await customer.locator("kefu-chat-widget").evaluate((el) => el.shadowRoot.textContent);
        assert.ok(!/Mei Lin|880001|Jasmine pearls/.test(widgetText), widgetText);
        assert.deepEqual(problems, []);
      });
    },
  },
];
