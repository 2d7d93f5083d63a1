// The agent's desk with the customer beside the chat: KB articles in the widget as the customer
// types, the customer view (orders, notes, tags) and KB suggestions in the console, one-click
// insert, canned replies. Runs its own server with --demo so the demo shop signs in a demo
// customer who has orders.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, forbidDialogs, goOnline, openConversation, shot, signIn } from "./lib/people.mjs";

const XSS = "<img src=x onerror=alert(1)>";

export const tests = [
  {
    name: "the agent sees the customer and KB suggestions beside the chat and inserts an article",
    timeoutMs: 120_000,
    async run({ browser, artifacts }) {
      await withOwnServer(browser, ["--demo", "--shop-secret", "e2e-shop-secret"], async ({ server, person }) => {
        const problems = [];
        const agent = await person({ viewport: { width: 1400, height: 900 } });
        forbidDialogs(agent, problems);
        await signIn(agent, ALICE, "/console");
        await goOnline(agent);

        // The customer types; articles (or an automatic answer) appear before anything is sent.
        const customer = await person();
        forbidDialogs(customer, problems);
        const identified = customer.waitForResponse((r) => r.url().endsWith("/api/widget/identify"), { timeout: 15_000 });
        await customer.goto("/demo");
        assert.equal((await identified).status(), 200);
        await customer.locator("kefu-chat-widget .launcher").click();
        const box = customer.locator("kefu-chat-widget .composer textarea");
        await box.fill("How do I return an item and get a refund?");
        await customer.locator("kefu-chat-widget .kb .kb-articles li, kefu-chat-widget .kb .kb-answer").first().waitFor({ timeout: 10_000 });
        await shot(customer, artifacts, "widget-kb-en");
        if (await customer.locator("kefu-chat-widget .kb-answer").count()) {
          // "This helped" records a deflection and sends nothing to a person.
          const helped = customer.waitForRequest((r) => r.url().endsWith("/api/kb/feedback"));
          await customer.locator("kefu-chat-widget .kb-answer button.helped").click();
          assert.equal(JSON.parse((await helped).postData()).helped, true);
          await customer.locator("kefu-chat-widget .kb.thanks").waitFor();
          assert.equal(await customer.locator("kefu-chat-widget .msg.mine").count(), 0);
          await box.fill("How do I return an item and get a refund?");
          await customer.locator("kefu-chat-widget .kb-answer").waitFor({ timeout: 10_000 });
          // An automatic answer: "talk to a person" records that it did not help and sends the question.
          const feedback = customer.waitForRequest((r) => r.url().endsWith("/api/kb/feedback"));
          await customer.locator("kefu-chat-widget .kb-answer button.person").click();
          assert.equal(JSON.parse((await feedback).postData()).helped, false);
        } else {
          await box.press("Enter");
        }
        await customer
          .locator("kefu-chat-widget .msg.mine:not(.pending) .bubble", { hasText: "return an item" })
          .waitFor({ timeout: 10_000 });
        assert.equal(await customer.locator("kefu-chat-widget .kb").count(), 0);

        // A new assignment is announced (beep and title notice).
        await agent.waitForFunction(() => Number(document.documentElement.dataset.kefuAssignments ?? 0) >= 1);

        // The agent opens the chat: the customer's view with orders, and suggestions.
        await openConversation(agent, "return an item");
        const panel = agent.locator("kefu-console kefu-customer-panel");
        await panel.locator(".customer .name").waitFor({ timeout: 15_000 });
        await panel.locator(".order").first().waitFor({ timeout: 15_000 });
        assert.ok((await panel.locator(".order .items li").count()) >= 1);
        assert.ok((await panel.locator(".identities li").count()) >= 1);
        const article = agent.locator("kefu-console .suggestions .article").first();
        await article.waitFor({ timeout: 15_000 });

        const used = agent.waitForRequest((r) => r.url().endsWith("/api/kb/used") && r.method() === "POST");
        await article.locator("button.insert").click();
        const usedBody = JSON.parse((await used).postData());
        assert.equal(typeof usedBody.article_id, "number");
        assert.equal(typeof usedBody.conversation_id, "number");
        const reply = agent.locator("kefu-console .composer textarea");
        const inserted = await reply.inputValue();
        assert.ok(inserted.length > 20, `inserted text: ${inserted}`);
        assert.ok(!inserted.includes("\u0002") && !/^#/m.test(inserted));
        await reply.press("Enter");
        const firstLine = inserted.split("\n")[0].slice(0, 20);
        await customer.locator("kefu-chat-widget .msg .bubble", { hasText: firstLine }).first().waitFor({ timeout: 10_000 });

        // Tags and notes; a note that looks like HTML stays text.
        await panel.locator("form.add-tag input").fill("e2e-tag");
        await panel.locator("form.add-tag input").press("Enter");
        await panel.locator(".tag", { hasText: "e2e-tag" }).waitFor();
        await panel.locator("form.add-note textarea").fill(XSS);
        await panel.locator("form.add-note button[type=submit]").click();
        await panel.locator(".note", { hasText: XSS }).first().waitFor({ timeout: 10_000 });
        await agent.waitForTimeout(500);
        assert.equal(await panel.locator(".note", { hasText: XSS }).count(), 1);
        await shot(agent, artifacts, "console-customer-en");

        // Customer search by the start of the name.
        const name = (await panel.locator(".customer .name").textContent()).trim();
        await panel.locator("input.customer-search").fill(name.slice(0, Math.max(3, name.indexOf(" "))));
        await panel.locator(".hits li button").first().waitFor({ timeout: 10_000 });

        // A canned reply by its shortcut, from the keyboard.
        await reply.fill("/than");
        await agent.locator("kefu-console .canned li").first().waitFor();
        await reply.press("Tab");
        // The server fills the reply's variables for this conversation first.
        await agent.waitForFunction(() =>
          /^Thank you for contacting us/.test(
            document.querySelector("kefu-console")?.shadowRoot?.querySelector(".composer textarea")?.value ?? "",
          ),
        );

        await agent.locator("kefu-console .topbar button", { hasText: "中文" }).click();
        await agent.locator("kefu-console .suggestions h2", { hasText: "推荐文章" }).waitFor();
        await shot(agent, artifacts, "console-customer-zh");

        // Removing the tag: the server accepts it and the panel follows the pushed view.
        const removed = agent.waitForResponse((r) => r.url().includes("/tags/e2e-tag") && r.request().method() === "DELETE");
        await panel.locator(".tag", { hasText: "e2e-tag" }).locator("button").click();
        assert.equal((await removed).status(), 204);
        await panel.locator(".tag", { hasText: "e2e-tag" }).waitFor({ state: "detached", timeout: 10_000 });
        assert.deepEqual(problems, []);
      });
    },
  },
];
