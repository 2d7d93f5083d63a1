// Knowledge in the conversation (issue 20): the agent sees the automatic answer the customer
// already saw and that it did not help; that article is not suggested first again; inserting an
// article gives clean text (paragraphs reflowed, Markdown as plain formatting); the reply box
// grows with its content. In English and in Chinese, each with its own server.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, forbidDialogs, goOnline, openConversation, openWidget, signIn } from "./lib/people.mjs";

const CASES = [
  { locale: "en-US", notHelped: "didn't help", title: "Automatic answers the customer already saw" },
  { locale: "zh-CN", notHelped: "没有帮助", title: "客户已看过的自动回答" },
];

export const tests = CASES.map(({ locale, notHelped, title }) => ({
  name: `the agent sees the answer the customer tried and inserts clean text (${locale})`,
  timeoutMs: 120_000,
  async run({ browser }) {
    await withOwnServer(browser, [], async ({ person }) => {
      const problems = [];
      const agent = await person({ locale, viewport: { width: 1400, height: 900 } });
      forbidDialogs(agent, problems);
      await signIn(agent, ALICE, "/console");
      await goOnline(agent);

      // The customer gets an automatic answer and says it did not help.
      const customer = await person({ locale });
      forbidDialogs(customer, problems);
      await openWidget(customer);
      await customer.locator("kefu-chat-widget .composer textarea").fill("我没收到货");
      const answer = customer.locator("kefu-chat-widget .kb-answer");
      await answer.waitFor({ timeout: 15_000 });
      const rejectedId = await answer.getAttribute("data-article-id");
      const feedback = customer.waitForRequest((r) => r.url().endsWith("/api/kb/feedback"));
      await answer.locator("button.person").click();
      assert.equal(JSON.parse((await feedback).postData()).helped, false);

      // The agent opens the chat: the tried answer is there, marked as not helpful.
      await openConversation(agent, "我没收到货");
      const tried = agent.locator("kefu-console .suggestions .tried");
      await tried.waitFor({ timeout: 15_000 });
      assert.equal(await tried.locator("h3").textContent(), title);
      const item = tried.locator(`li[data-article-id="${rejectedId}"]`);
      assert.equal(await item.getAttribute("class"), "not-helped");
      assert.equal((await item.locator(".verdict").textContent()).trim(), notHelped);
      // The rejected article is not suggested first.
      const first = agent.locator("kefu-console .suggestions .article").first();
      await first.waitFor({ timeout: 10_000 });
      assert.notEqual(await first.getAttribute("data-article-id"), rejectedId);

      // Inserting gives clean text, and the reply box grows to show it.
      const box = agent.locator("kefu-console .composer textarea").first();
      const before = await box.evaluate((el) => el.clientHeight);
      await first.locator("button.insert").click();
      const text = await box.inputValue();
      assert.ok(text.length > 20, text);
      assert.ok(!/(^|\n)#{1,6} |\*\*|\]\(|<\/?[a-z]/.test(text), text);
      for (const paragraph of text.split("\n\n")) {
        // Only list items keep their own lines.
        for (const line of paragraph.split("\n").slice(1)) assert.match(line, /^(• |\d+\. | {3})/, text);
      }
      await agent.waitForFunction(
        (height) => {
          const el = document.querySelector("kefu-console")?.shadowRoot?.querySelector(".composer textarea");
          return el && el.clientHeight > height;
        },
        before,
      );
      const after = await box.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight, max: innerHeight * 0.45 }));
      assert.ok(after.client >= Math.min(after.scroll, after.max) - 4, JSON.stringify(after));
      assert.deepEqual(problems, []);
    });
  },
}));
