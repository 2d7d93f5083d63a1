// The customer sees their place in line while no agent is free, and who helps them once one is.
import assert from "node:assert/strict";
import { ALICE, PHONE, customerSays, forbidDialogs, goOnline, openWidget, shot, signIn } from "./lib/people.mjs";

export const tests = [
  {
    name: "the customer waits in line until the agent comes online",
    timeoutMs: 90_000,
    async run({ newPerson, artifacts }) {
      const problems = [];
      const agent = await (await newPerson()).newPage();
      forbidDialogs(agent, problems);
      await signIn(agent, ALICE, "/console");
      await goOnline(agent);
      await agent.locator("kefu-console select.status").selectOption("away");
      await agent.waitForFunction(
        () => document.querySelector("kefu-console")?.shadowRoot?.querySelector("select.status")?.value === "away",
      );

      const customer = await (await newPerson(PHONE)).newPage();
      forbidDialogs(customer, problems);
      await openWidget(customer);
      await customerSays(customer, "Do you ship to Chengdu?");
      const line = customer.locator("kefu-chat-widget .queue:not(.agent)");
      await line.waitFor({ timeout: 10_000 });
      assert.match(await line.textContent(), /in line|next in line/);
      await shot(customer, artifacts, "widget-queued");

      await goOnline(agent);
      await customer.locator("kefu-chat-widget .queue.agent", { hasText: "is helping you" }).waitFor({ timeout: 15_000 });
      assert.equal(await line.count(), 0);
      await agent.locator("kefu-console aside li button", { hasText: "Do you ship to Chengdu?" }).waitFor();
      assert.deepEqual(problems, []);
    },
  },
];
