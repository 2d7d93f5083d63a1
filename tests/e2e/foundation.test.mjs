// Issue 2's browser test: a customer on /demo writes, an agent in the console receives and
// answers, the customer sees the answer; user text is shown as text; a reload keeps history.
import assert from "node:assert/strict";
import { ALICE, PHONE, SAM, customerSays, forbidDialogs, goOnline, openConversation, openWidget, shot, signIn } from "./lib/people.mjs";

const XSS = "<img src=x onerror=alert(1)>";

export const tests = [
  {
    name: "customer and agent chat through the widget and the console",
    timeoutMs: 90_000,
    async run({ newPerson, artifacts }) {
      const problems = [];
      const agent = await (await newPerson()).newPage();
      forbidDialogs(agent, problems);
      await signIn(agent, ALICE, "/console");
      await goOnline(agent);

      const customer = await (await newPerson(PHONE)).newPage();
      forbidDialogs(customer, problems);
      await openWidget(customer);
      await customerSays(customer, "Hello, where is my parcel?");

      // The conversation reaches Alice's list; she opens it and sees the message.
      const item = agent.locator("kefu-console aside li button", { hasText: "Hello, where is my parcel?" });
      await item.waitFor({ timeout: 15_000 });
      await openConversation(agent, item);
      await agent
        .locator("kefu-console .messages .bubble", { hasText: "Hello, where is my parcel?" })
        .waitFor({ timeout: 10_000 });

      // The customer types: Alice sees it; Alice types: the customer sees it.
      await customer.locator("kefu-chat-widget .composer textarea").pressSequentially("One more thing");
      await agent.locator("kefu-console .typing", { hasText: "typing" }).waitFor({ timeout: 10_000 });
      await customer.locator("kefu-chat-widget .composer textarea").fill("");

      // She answers; the customer sees it.
      const answer = "It left our Hangzhou warehouse this morning.";
      await agent.locator("kefu-console .composer textarea").pressSequentially("It left");
      await customer.locator("kefu-chat-widget .typing", { hasText: "typing" }).waitFor({ timeout: 10_000 });
      await agent.locator("kefu-console .composer textarea").fill(answer);
      await agent.locator("kefu-console .composer textarea").press("Enter");
      await agent.locator("kefu-console .messages .msg.mine:not(.pending) .bubble", { hasText: answer }).waitFor();
      await customer.locator("kefu-chat-widget .msg.theirs .bubble", { hasText: answer }).waitFor({ timeout: 10_000 });

      // The XSS string is text on both sides: the same characters, no element made of it.
      await customerSays(customer, XSS);
      const agentBubble = agent.locator("kefu-console .messages .bubble", { hasText: XSS });
      await agentBubble.waitFor({ timeout: 10_000 });
      assert.equal(await agentBubble.textContent(), XSS);
      assert.equal(await agent.locator("kefu-console .messages img").count(), 0);
      assert.equal(await customer.locator("kefu-chat-widget .messages img").count(), 0);
      const customerBubble = customer.locator("kefu-chat-widget .msg.mine .bubble", { hasText: XSS });
      assert.equal(await customerBubble.textContent(), XSS);

      await shot(customer, artifacts, "widget-phone-en");
      await shot(agent, artifacts, "console-en");

      // A reload keeps the history: both messages and the answers, in order, once each. The
      // panel stays open across the reload (issue 20); closed, the widget stays connected and
      // the launcher counts only what arrived since.
      await customer.reload();
      await customer.locator("kefu-chat-widget .panel").waitFor({ timeout: 10_000 });
      await customer.locator("kefu-chat-widget .panel button.close").click();
      await customer.locator("kefu-chat-widget .panel").waitFor({ state: "detached" });
      const followUp = "Anything else I can help with?";
      await agent.locator("kefu-console .composer textarea").fill(followUp);
      await agent.locator("kefu-console .composer textarea").press("Enter");
      await agent.locator("kefu-console .messages .msg.mine:not(.pending) .bubble", { hasText: followUp }).waitFor();
      await customer.locator("kefu-chat-widget .launcher .badge", { hasText: "1" }).waitFor({ timeout: 10_000 });
      await customer.locator("kefu-chat-widget .launcher").click();
      await customer.locator("kefu-chat-widget .bubble", { hasText: followUp }).waitFor({ timeout: 10_000 });
      const texts = await customer.locator("kefu-chat-widget .messages .bubble").allTextContents();
      assert.deepEqual(texts, ["Hello, where is my parcel?", answer, XSS, followUp]);
      await shot(customer, artifacts, "widget-phone-after-reload");

      // Alice resolves; both sides see it.
      await agent.locator("kefu-console button.resolve").click();
      await agent.locator("kefu-console aside li .resolved-tag", { hasText: "Resolved" }).waitFor({ timeout: 10_000 });
      await customer.locator("kefu-chat-widget .system", { hasText: "resolved" }).waitFor({ timeout: 10_000 });

      assert.deepEqual(problems, []);
    },
  },
  {
    name: "the shop's CSS does not reach the widget, and it fits a 375 px phone",
    async run({ newPerson, artifacts }) {
      const page = await (await newPerson(PHONE)).newPage();
      await openWidget(page);
      const send = page.locator("kefu-chat-widget .composer .send");
      const style = await send.evaluate((el) => {
        const s = getComputedStyle(el);
        return { background: s.backgroundColor, transform: s.textTransform, font: s.fontFamily };
      });
      // The shop paints every button brown, upper-case, in a serif face.
      assert.equal(style.background, "rgb(47, 107, 79)");
      assert.equal(style.transform, "none");
      assert.ok(!style.font.startsWith("Georgia"), style.font);
      const panel = await page.locator("kefu-chat-widget .panel").boundingBox();
      assert.ok(panel && panel.width <= 375 && panel.x >= 0, JSON.stringify(panel));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(overflow <= 375, `page scrolls sideways: ${overflow}`);
      await shot(page, artifacts, "widget-phone-open");

      // Chinese and back: the interface texts switch, the choice survives a reload.
      await page.locator("kefu-chat-widget header .lang").click();
      assert.equal((await send.textContent()).trim(), "发送");
      await shot(page, artifacts, "widget-phone-zh");
      await page.reload();
      // The panel stays open across the reload (issue 20).
      await page.locator("kefu-chat-widget .panel").waitFor({ timeout: 10_000 });
      assert.equal((await page.locator("kefu-chat-widget .composer .send").textContent()).trim(), "发送");
      await page.locator("kefu-chat-widget header .lang").click();
      assert.equal((await page.locator("kefu-chat-widget .composer .send").textContent()).trim(), "Send");
    },
  },
  {
    name: "a customer leaves a message through the offline form, which opens a ticket",
    async run({ newPerson, artifacts }) {
      const page = await (await newPerson(PHONE)).newPage();
      await openWidget(page);
      await page.locator("kefu-chat-widget button.link", { hasText: "Leave a message" }).click();
      await page.locator("kefu-chat-widget form.offline input[name=subject]").fill("Cracked gaiwan lid");
      await page.locator("kefu-chat-widget form.offline input[name=email]").fill("ann@example.com");
      await page.locator("kefu-chat-widget form.offline textarea[name=text]").fill("The lid arrived cracked. Can you send another?");
      await shot(page, artifacts, "widget-offline-form");
      await page.locator("kefu-chat-widget form.offline button[type=submit]").click();
      const done = page.locator("kefu-chat-widget .done");
      await done.waitFor({ timeout: 10_000 });
      assert.match(await done.textContent(), /ticket #\d+/);
    },
  },
  {
    name: "a supervisor signs in and lands on the supervisor screen",
    async run({ newPerson, artifacts }) {
      const page = await (await newPerson()).newPage();
      await page.goto("/supervisor");
      await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("next") === "/supervisor");
      await shot(page, artifacts, "login-en");
      await signIn(page, SAM, "/supervisor");
      await page.locator("kefu-supervisor #kpi-region").waitFor();
      await shot(page, artifacts, "supervisor-en");
    },
  },
  {
    name: "a wrong password is refused without leaving the login page",
    async run({ newPerson }) {
      const page = await (await newPerson()).newPage();
      await page.goto("/login");
      await page.locator("kefu-login input[name=login]").fill("alice");
      await page.locator("kefu-login input[name=password]").fill("not-her-password");
      await page.locator("kefu-login button[type=submit]").click();
      await page.locator("kefu-login [role=alert]").waitFor();
      assert.match(await page.locator("kefu-login [role=alert]").textContent(), /Wrong login or password/);
      assert.ok(page.url().endsWith("/login"));
    },
  },
];
