// The customer is told nobody is available while no agent serves the queue, and who helps them
// once one does.
import assert from "node:assert/strict";
import { ALICE, PHONE, customerSays, forbidDialogs, goOnline, openWidget, shot, signIn } from "./lib/people.mjs";

export const tests = [
  {
    name: "the customer is told nobody is available until the agent comes online",
    timeoutMs: 90_000,
    ownServer: true, // nobody may be online yet: not even an agent of the lane's earlier tests
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
      // Nobody serves the queue (the agent is away): said as such, never a place in line.
      assert.match(await line.textContent(), /Nobody is available/);
      assert.doesNotMatch(await line.textContent(), /in line/);
      await shot(customer, artifacts, "widget-queued");

      await goOnline(agent);
      await customer.locator("kefu-chat-widget .queue.agent", { hasText: "is helping you" }).waitFor({ timeout: 15_000 });
      assert.equal(await line.count(), 0);
      await agent.locator("kefu-console aside li button", { hasText: "Do you ship to Chengdu?" }).waitFor();
      assert.deepEqual(problems, []);
    },
  },
];
