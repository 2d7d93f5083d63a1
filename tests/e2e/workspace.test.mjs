// The agent's workspace beside the chat: the customer panel always shows the open conversation's
// customer (a searched customer is a separate, marked view that never follows the agent into
// another chat), and a returning customer's past conversations are listed newest first and open
// read-only with their transcript. Each test runs its own server.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { sendShopOrder } from "./lib/shop.mjs";
import { ALICE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, signIn } from "./lib/people.mjs";

const SECRET = "e2e-workspace-secret";

/** The shop sends an order for Tom Wu, signed as Shopify signs it. */
async function tomsOrder(url) {
  await sendShopOrder(url, SECRET, {
    id: 990001,
    name: "#990001",
    email: "tom.wu@example.com",
    phone: "+8613800138099",
    created_at: "2026-11-20T10:00:00Z",
    total_price: "96.00",
    currency: "CNY",
    financial_status: "paid",
    fulfillment_status: "fulfilled",
    customer: { id: 99001, first_name: "Tom", last_name: "Wu", email: "tom.wu@example.com" },
    line_items: [{ title: "Anxi Tieguanyin", quantity: 1, price: "96.00", sku: "TGY-100" }],
  });
}

/** Opens the agent's conversation whose list entry mentions `text`. */
async function openChat(agent, text) {
  await openConversation(agent, text);
}

export const tests = [
  {
    name: "a searched customer never stays beside another customer's chat",
    timeoutMs: 120_000,
    async run({ browser }) {
      await withOwnServer(browser, ["--shop-secret", SECRET], async ({ server, person }) => {
        const problems = [];
        await tomsOrder(server.url);
        const agent = await person({ viewport: { width: 1400, height: 900 } });
        forbidDialogs(agent, problems);
        await signIn(agent, ALICE, "/console");
        await goOnline(agent);

        const first = await person();
        await openWidget(first);
        await customerSays(first, "Where is my Longjing tin?");
        const second = await person();
        await openWidget(second);
        await customerSays(second, "Do you ship to Taipei?");

        const panel = agent.locator("kefu-console kefu-customer-panel");
        await agent.locator("kefu-console aside li button", { hasText: "Taipei" }).waitFor({ timeout: 15_000 });
        await openChat(agent, "Longjing");
        const ownName = await panel.locator(".customer .name").first().textContent({ timeout: 15_000 });
        assert.match(ownName, /Visitor/);

        // The agent looks Tom Wu up: he shows as a marked search result with his order.
        await panel.locator("input.customer-search").fill("Tom");
        await panel.locator(".hits button", { hasText: "Tom Wu" }).click();
        const lookedUp = panel.locator(".looked-up");
        await lookedUp.waitFor();
        assert.match(await lookedUp.locator(".looked-up-banner").textContent(), /not the customer in this chat/);
        await lookedUp.locator(".order", { hasText: "#990001" }).waitFor();

        // Opening the other chat shows that chat's customer, never Tom's orders or phone.
        await openChat(agent, "Taipei");
        await agent.waitForFunction(() => {
          const panelRoot = document.querySelector("kefu-console")?.shadowRoot?.querySelector("kefu-customer-panel")?.shadowRoot;
          return panelRoot && !panelRoot.querySelector(".looked-up");
        });
        const text = await panel.evaluate((el) => el.shadowRoot.textContent);
        assert.ok(!/Tom Wu|990001|13800138099/.test(text), text);
        assert.match(await panel.locator(".customer .name").first().textContent(), /Visitor/);
        assert.equal(await panel.locator("input.customer-search").inputValue(), "");

        // Back on the first chat, its own customer again (the search result was dropped).
        await openChat(agent, "Longjing");
        assert.equal(await panel.locator(".looked-up").count(), 0);
        assert.equal((await panel.locator(".customer .name").first().textContent()).trim(), ownName.trim());
        assert.deepEqual(problems, []);
      });
    },
  },
  {
    name: "a returning customer's past conversations open read-only with their transcript (zh)",
    timeoutMs: 120_000,
    async run({ browser }) {
      await withOwnServer(browser, ["--reopen-window", "0"], async ({ person }) => {
        const problems = [];
        const agent = await person({ viewport: { width: 1400, height: 900 }, locale: "zh-CN" });
        forbidDialogs(agent, problems);
        await signIn(agent, ALICE, "/console");
        await goOnline(agent);

        const customer = await person();
        forbidDialogs(customer, problems);
        await openWidget(customer);
        await customerSays(customer, "My <b>tin</b> of Longjing arrived dented");
        await openChat(agent, "dented");
        const reply = agent.locator("kefu-console .composer textarea");
        await reply.fill("Sorry! A new tin is on its way.");
        await reply.press("Enter");
        await customer.locator("kefu-chat-widget .msg .bubble", { hasText: "new tin" }).waitFor({ timeout: 10_000 });
        await agent.locator("kefu-console button.resolve").click();
        await customer.locator("kefu-chat-widget .system").first().waitFor({ timeout: 10_000 });

        // The customer comes back: a new conversation, and the first one is history.
        await customerSays(customer, "The new tin arrived, thank you");
        await openChat(agent, "new tin arrived");
        const panel = agent.locator("kefu-console kefu-customer-panel");
        const past = panel.locator("ul.past li");
        await agent.waitForFunction(
          () =>
            document
              .querySelector("kefu-console")
              ?.shadowRoot?.querySelector("kefu-customer-panel")
              ?.shadowRoot?.querySelectorAll("ul.past li").length === 2,
          null,
          { timeout: 15_000 },
        );
        assert.match(await panel.locator("h3", { hasText: "历史会话" }).textContent(), /历史会话/);
        // Newest first: the open chat is marked, the older one opens.
        assert.match(await past.nth(0).textContent(), /本会话/);
        await past.nth(1).locator("button.open-past").click();
        const transcript = panel.locator("kefu-past-conversation");
        await transcript.locator("li.customer .text", { hasText: "My <b>tin</b> of Longjing arrived dented" }).waitFor({ timeout: 10_000 });
        await transcript.locator("li.agent .text", { hasText: "new tin is on its way" }).waitFor();
        assert.match(await transcript.locator("li.agent .who").textContent(), /Alice/);
        assert.match(await transcript.locator(".past-conversation").textContent(), /只读/);
        // Read-only: no reply box inside it, and the markup came through as text.
        assert.equal(await transcript.locator("textarea, form").count(), 0);
        assert.equal(await transcript.locator("li.customer .text b").count(), 0);
        await transcript.locator("button.close").click();
        await transcript.waitFor({ state: "detached" });
        assert.deepEqual(problems, []);
      });
    },
  },
];
