// The workspace and the widget say what is true: nobody online is said as such (never a made-up
// place in line), the address a customer leaves with a message reaches the agent with how the
// answer will get to them, a colleague is picked by name, and a second shop customer on the same
// browser never sees the first one's chat. Each test runs its own server.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, signIn } from "./lib/people.mjs";

/** The widget's texts in the page's language, read from the element itself. */
async function widgetText(page) {
  return page.locator("kefu-chat-widget").evaluate((el) => el.shadowRoot.textContent);
}

/** With nobody online the widget says so and offers the message form, in `locale`. */
async function nobodyOnline(browser, locale, expected) {
  await withOwnServer(browser, [], async ({ person }) => {
    const problems = [];
    const customer = await person({ locale });
    forbidDialogs(customer, problems);
    await openWidget(customer);
    await customerSays(customer, "Is anyone there?");
    const notice = customer.locator("kefu-chat-widget .queue.nobody");
    await notice.waitFor({ timeout: 10_000 });
    assert.match(await notice.textContent(), expected);
    // Never a made-up place in line or estimate.
    const text = await widgetText(customer);
    assert.ok(!/next in line|number \d+ in line|马上就轮到您|您前面还有/.test(text), text);
    await notice.locator("button.leave-message").click();
    await customer.locator("kefu-chat-widget form.offline input[name=email]").waitFor();
    assert.deepEqual(problems, []);
  });
}

/**
 * A customer leaves a message with their address in the widget; the agent's console shows the
 * address on the ticket, with how the answer reaches the customer, in the agent's `locale`.
 */
async function addressOnTicket(browser, locale, expected) {
  await withOwnServer(browser, [], async ({ person }) => {
    const problems = [];
    const agent = await person({ viewport: { width: 1400, height: 900 }, locale });
    forbidDialogs(agent, problems);
    await signIn(agent, ALICE, "/console");
    await goOnline(agent);

    const customer = await person();
    forbidDialogs(customer, problems);
    await openWidget(customer);
    await customer.locator("kefu-chat-widget button.link", { hasText: "Leave a message instead" }).click();
    const form = customer.locator("kefu-chat-widget form.offline");
    await form.locator("input[name=subject]").fill("Dented tin");
    await form.locator("input[name=email]").fill("mei.lin@example.com");
    await form.locator("textarea[name=text]").fill("My Longjing tin arrived dented.");
    await form.locator("button[type=submit]").click();
    await customer.locator("kefu-chat-widget .offline .done").waitFor({ timeout: 10_000 });

    await openConversation(agent, "Dented tin");
    const route = agent.locator("kefu-console .reply-route");
    await agent.waitForFunction(
      () => /mei\.lin@example\.com/.test(document.querySelector("kefu-console")?.shadowRoot?.querySelector(".reply-route")?.textContent ?? ""),
      null,
      { timeout: 15_000 },
    );
    const said = await route.textContent();
    assert.match(said, expected);
    assert.match(said, /mei\.lin@example\.com/);
    // The address is kept as an unverified identity of the ticket's customer.
    const panel = agent.locator("kefu-console kefu-customer-panel");
    await panel.locator("li.identity.unverified", { hasText: "mei.lin@example.com" }).waitFor({ timeout: 10_000 });
    assert.deepEqual(problems, []);
  });
}

const SHOP_SECRET = "e2e-honesty-secret";
const BOB = { login: "bob", password: "bob-demo-pass" };

/**
 * Alice hands a chat to Bob, picked by name with his status and load from the transfer list
 * (never a number to type), with a note; the console speaks `locale`.
 */
async function transferByName(browser, locale, bobLabel) {
  await withOwnServer(browser, [], async ({ person }) => {
    const problems = [];
    const alice = await person({ viewport: { width: 1400, height: 900 }, locale });
    forbidDialogs(alice, problems);
    await signIn(alice, ALICE, "/console");
    await goOnline(alice);
    const customer = await person();
    await openWidget(customer);
    await customerSays(customer, "Can I pay by bank transfer?");
    await openConversation(alice, "bank transfer");

    const bob = await person({ viewport: { width: 1400, height: 900 } });
    forbidDialogs(bob, problems);
    await signIn(bob, BOB, "/console");
    await goOnline(bob);

    const select = alice.locator("kefu-console form.transfer select[name=target]");
    await alice.waitForFunction(() => {
      const el = document.querySelector("kefu-console")?.shadowRoot?.querySelector("form.transfer select");
      return el && !el.disabled;
    });
    // No number to type anywhere.
    assert.equal(await alice.locator("kefu-console form.transfer input[type=number]").count(), 0);
    await select.focus();
    const option = select.locator("option.colleague", { hasText: "Bob Li" });
    await option.waitFor({ state: "attached", timeout: 10_000 });
    const label = (await option.textContent()).replace(/\s+/g, " ").trim();
    assert.match(label, bobLabel);
    assert.equal(await select.locator("option.colleague", { hasText: "Alice" }).count(), 0, "not oneself");
    await select.selectOption(await option.getAttribute("value"));
    await alice.locator("kefu-console form.transfer input[name=note]").fill("Asks about bank transfers");
    await alice.locator("kefu-console form.transfer button[type=submit]").click();

    await openConversation(bob, "bank transfer");
    await bob.locator("kefu-console .transfer-note", { hasText: "Asks about bank transfers" }).waitFor({ timeout: 10_000 });
    await alice
      .locator("kefu-console aside li button", { hasText: "bank transfer" })
      .waitFor({ state: "detached", timeout: 10_000 });
    assert.deepEqual(problems, []);
  });
}

/** The shop signs its logged-in customer in through the widget's identify(). */
async function shopSignsIn(page, shopCustomerId) {
  const signature = createHmac("sha256", SHOP_SECRET).update(shopCustomerId).digest("hex");
  const ok = await page.evaluate(
    ([id, sig]) => document.querySelector("kefu-chat-widget").identify(id, sig),
    [shopCustomerId, signature],
  );
  assert.equal(ok, true);
}

export const tests = [
  {
    name: "an agent transfers to a colleague picked by name with status and load (en)",
    timeoutMs: 90_000,
    async run({ browser }) {
      await transferByName(browser, "en-US", /^Bob Li · Online · chats 0\/3 · tickets 0\/5$/);
    },
  },
  {
    name: "an agent transfers to a colleague picked by name with status and load (zh)",
    timeoutMs: 90_000,
    async run({ browser }) {
      await transferByName(browser, "zh-CN", /^Bob Li · 在线 · 会话 0\/3 · 工单 0\/5$/);
    },
  },
  {
    name: "a second shop customer on the same browser never sees the first one's chat",
    timeoutMs: 90_000,
    async run({ browser }) {
      await withOwnServer(browser, ["--shop-secret", SHOP_SECRET], async ({ person }) => {
        const problems = [];
        const page = await person();
        forbidDialogs(page, problems);
        await openWidget(page);
        await shopSignsIn(page, "shop-first-71");
        await customerSays(page, "First customer: my address is 12 Tea Lane");
        const before = await page.evaluate(() => localStorage.getItem("kefu.visitor.token"));

        // Another of the shop's customers signs in on this browser.
        await shopSignsIn(page, "shop-second-72");
        const after = await page.evaluate(() => localStorage.getItem("kefu.visitor.token"));
        assert.ok(after && after !== before, "a new visitor session");
        const widget = page.locator("kefu-chat-widget");
        await page.waitForFunction(
          () => !/12 Tea Lane/.test(document.querySelector("kefu-chat-widget")?.shadowRoot?.textContent ?? ""),
          null,
          { timeout: 10_000 },
        );
        await customerSays(page, "Second customer here");
        // Still nothing of the first customer's chat, and not after a reload either.
        assert.ok(!/12 Tea Lane/.test(await widgetText(page)));
        await page.reload();
        await widget.locator(".panel").waitFor({ timeout: 10_000 }); // stays open (issue 20)
        await widget.locator(".msg .bubble", { hasText: "Second customer here" }).waitFor({ timeout: 10_000 });
        assert.ok(!/12 Tea Lane/.test(await widgetText(page)));
        assert.deepEqual(problems, []);
      });
    },
  },
  {
    name: "the address left with a message shows on the ticket with how to answer (en)",
    timeoutMs: 90_000,
    async run({ browser }) {
      await addressOnTicket(browser, "en-US", /Reply by e-mail to .*not set up yet/);
    },
  },
  {
    name: "the address left with a message shows on the ticket with how to answer (zh)",
    timeoutMs: 90_000,
    async run({ browser }) {
      await addressOnTicket(browser, "zh-CN", /请通过邮件回复至.*尚未开通邮件发送/);
    },
  },
  {
    name: "with nobody online the widget says so and offers the message form (en)",
    timeoutMs: 60_000,
    async run({ browser }) {
      await nobodyOnline(browser, "en-US", /Nobody is available/);
    },
  },
  {
    name: "with nobody online the widget says so and offers the message form (zh)",
    timeoutMs: 60_000,
    async run({ browser }) {
      await nobodyOnline(browser, "zh-CN", /目前没有客服在线/);
    },
  },
];
