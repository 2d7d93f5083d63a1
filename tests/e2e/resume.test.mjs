// The widget comes back by itself after the server restarts: what was said before is still
// there once, a message written while the server was down goes out afterwards, once.
// Runs last (file order): it restarts the shared server.
import assert from "node:assert/strict";
import { ALICE, PHONE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, shot, signIn } from "./lib/people.mjs";

export const tests = [
  {
    name: "the widget resumes without gaps or duplicates after a server restart",
    timeoutMs: 120_000,
    async run({ server, newPerson, artifacts }) {
      const problems = [];
      const agent = await (await newPerson()).newPage();
      forbidDialogs(agent, problems);
      await signIn(agent, ALICE, "/console");
      await goOnline(agent);

      const customer = await (await newPerson(PHONE)).newPage();
      forbidDialogs(customer, problems);
      await openWidget(customer);
      await customerSays(customer, "Is the Longjing in stock?");

      await server.halt();
      await customer.locator("kefu-chat-widget .notice").waitFor({ timeout: 15_000 });
      // Written while the server is down: shown as sending, not lost.
      await customer.locator("kefu-chat-widget .composer textarea").fill("Hello? Are you there?");
      await customer.locator("kefu-chat-widget .composer textarea").press("Enter");
      await customer.locator("kefu-chat-widget .msg.pending .bubble", { hasText: "Are you there?" }).waitFor();
      await shot(customer, artifacts, "widget-reconnecting");

      await server.resume();
      await customer
        .locator("kefu-chat-widget .msg.mine:not(.pending) .bubble", { hasText: "Are you there?" })
        .waitFor({ timeout: 40_000 });
      await customer.locator("kefu-chat-widget .notice").waitFor({ state: "detached", timeout: 10_000 });
      const texts = await customer.locator("kefu-chat-widget .messages .bubble").allTextContents();
      assert.deepEqual(texts, ["Is the Longjing in stock?", "Hello? Are you there?"]);

      // The agent's console comes back too (or asks her to sign in again) and has both, once.
      if (!(await agent.locator("kefu-console").count())) await signIn(agent, ALICE, "/console");
      const item = agent.locator("kefu-console aside li button", { hasText: "Are you there?" });
      await item.waitFor({ timeout: 40_000 });
      await openConversation(agent, item);
      const agentTexts = await agent.locator("kefu-console .messages .bubble").allTextContents();
      assert.equal(agentTexts.filter((t) => t === "Hello? Are you there?").length, 1, JSON.stringify(agentTexts));
      assert.equal(agentTexts.filter((t) => t === "Is the Longjing in stock?").length, 1, JSON.stringify(agentTexts));
      assert.deepEqual(problems, []);
    },
  },
];
