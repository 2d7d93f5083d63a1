// Widget details (issue 20): Esc closes it; it stays open across a reload mid-chat; a message
// over the limit is refused with a count and never cut; messages after a resolution appear in
// order (in a new conversation once the resolved one closed). In English and in Chinese, each
// with its own server.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, signIn } from "./lib/people.mjs";

const CASES = [
  { locale: "en-US", refused: /Not sent: your message has 4,?010 characters, 10 over the limit of 4,?000/},
  { locale: "zh-CN", refused: /未发送：消息共 4,?010 个字，超出上限 4,?000 字 10 个字/},
];

/** The widget's lines in the order shown: messages and system lines. */
const linesOf = (page) =>
  page.locator("kefu-chat-widget").evaluate((el) =>
    [...el.shadowRoot.querySelectorAll(".messages .msg .bubble, .messages p.system")].map((n) =>
      n.classList.contains("system") ? `[${n.textContent.trim()}]` : n.textContent.trim(),
    ),
  );

export const tests = CASES.map((lang) => ({
  name: `widget details: Esc, reload, the length limit and order after a resolution (${lang.locale})`,
  timeoutMs: 150_000,
  async run({ browser }) {
    // A resolved chat closes after 1.8 s here, so the next message starts a new conversation.
    await withOwnServer(browser, ["--reopen-window", "0.0005"], async ({ person }) => {
      const problems = [];
      const agent = await person({ viewport: { width: 1400, height: 900 } });
      forbidDialogs(agent, problems);
      await signIn(agent, ALICE, "/console");
      await goOnline(agent);

      const customer = await person({ locale: lang.locale });
      forbidDialogs(customer, problems);
      await openWidget(customer);
      const widget = customer.locator("kefu-chat-widget");

      // Esc closes the panel and gives the focus back to the launcher.
      await widget.locator(".composer textarea").focus();
      await customer.keyboard.press("Escape");
      await widget.locator(".panel").waitFor({ state: "detached" });
      assert.equal(await widget.evaluate((el) => el.shadowRoot.activeElement?.classList.contains("launcher")), true);
      await widget.locator(".launcher").click();
      await customerSays(customer, "First question about tea");

      // A reload mid-chat keeps the panel open with the chat.
      await customer.reload();
      await widget.locator(".panel").waitFor({ timeout: 10_000 });
      await widget.locator(".msg.mine .bubble", { hasText: "First question about tea" }).waitFor({ timeout: 10_000 });

      // Over the limit: refused with the count, the draft kept whole, nothing sent.
      const long = "茶".repeat(4010);
      await widget.locator(".composer textarea").fill(long);
      await widget.locator(".composer textarea").press("Enter");
      const refusal = widget.locator(".too-long");
      await refusal.waitFor();
      assert.match(await refusal.textContent(), lang.refused);
      assert.equal((await widget.locator(".composer textarea").inputValue()).length, 4010);
      assert.equal(await widget.locator(".msg.mine").count(), 1);
      // Shortened to the limit, it goes, whole.
      await widget.locator(".composer textarea").fill("茶".repeat(4000));
      await widget.locator(".too-long").waitFor({ state: "detached" });
      await widget.locator(".composer textarea").press("Enter");
      await customer.waitForFunction(() =>
        [...document.querySelector("kefu-chat-widget").shadowRoot.querySelectorAll(".msg.mine:not(.pending) .bubble")].some(
          (b) => b.textContent.length === 4000,
        ),
      );

      // The agent answers and resolves; the customer writes again: everything in order.
      await openConversation(agent, "茶茶茶");
      const reply = agent.locator("kefu-console .composer textarea").first();
      await reply.fill("Happy to help with tea");
      await reply.press("Enter");
      await widget.locator(".msg.theirs .bubble", { hasText: "Happy to help with tea" }).waitFor({ timeout: 10_000 });
      await agent.locator("kefu-console button.resolve").click();
      await widget.locator(".messages p.system").nth(1).waitFor({ timeout: 10_000 });
      await customer.waitForTimeout(2500);
      await customerSays(customer, "One more thing after the resolution");
      await customerSays(customer, "And a last one");
      const lines = (await linesOf(customer)).filter((l) => !l.startsWith("[") || l.length > 2);
      const at = (text) => lines.findIndex((l) => l.includes(text));
      assert.ok(at("First question") < at("Happy to help"), JSON.stringify(lines));
      assert.ok(at("Happy to help") < at("One more thing"), JSON.stringify(lines));
      assert.ok(at("One more thing") < at("And a last one"), JSON.stringify(lines));
      assert.equal(lines[lines.length - 1], "And a last one", JSON.stringify(lines));
      // After a reload, the same order.
      await customer.reload();
      await widget.locator(".msg.mine .bubble", { hasText: "And a last one" }).waitFor({ timeout: 10_000 });
      const reloaded = (await linesOf(customer)).filter((l) => !l.startsWith("[") || l.length > 2);
      assert.equal(reloaded[reloaded.length - 1], "And a last one", JSON.stringify(reloaded));
      assert.ok(reloaded.findIndex((l) => l.includes("Happy to help")) < reloaded.findIndex((l) => l.includes("One more thing")));
      assert.deepEqual(problems, []);
    });
  },
}));
