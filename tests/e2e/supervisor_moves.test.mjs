// Moving work on the floor, in both languages: the supervisor reassigns an agent's conversation
// (the agent's console says who moved it where) and moves a queue's waiting chats to an agent
// at once to an agent (that agent's console says so).
import assert from "node:assert/strict";
import { join } from "node:path";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, samSupervises, signIn } from "./lib/people.mjs";

const BOB = { login: "bob", password: "bob-demo-pass" };

const LANGUAGES = [
  { locale: "en-US", reassigned: /Sam Taylor reassigned your conversation with .+ to Bob Li\./, movedToYou: /Sam Taylor moved 1 waiting chat\(s\) to you/,
    moved: /Moved 1 waiting chat\(s\) from general; 0 stayed\./ },
  { locale: "zh-CN", reassigned: /Sam Taylor 已将你与 .+ 的会话改派给Bob Li。/, movedToYou: /Sam Taylor 将 1 个排队会话转给了你/,
    moved: /已从 general 转移 1 个排队会话，0 个留下。/ },
];

export const tests = LANGUAGES.map((lang) => ({
  name: `the supervisor moves conversations and agents are told (${lang.locale})`,
  timeoutMs: 120_000,
  async run({ browser, artifacts }) {
    await withOwnServer(browser, [], async ({ person }) => {
      const problems = [];
      const alice = await person({ locale: lang.locale, viewport: { width: 1280, height: 800 } });
      forbidDialogs(alice, problems);
      await signIn(alice, ALICE, "/console");
      await goOnline(alice);
      const customer = await person();
      forbidDialogs(customer, problems);
      await openWidget(customer);
      await customerSays(customer, "My parcel is late");
      await alice.locator("kefu-console aside li button", { hasText: "My parcel is late" }).waitFor({ timeout: 15_000 });
      const bob = await person({ locale: lang.locale, viewport: { width: 1280, height: 800 } });
      forbidDialogs(bob, problems);
      await signIn(bob, BOB, "/console");
      await goOnline(bob);

      const supervisor = await samSupervises(person, problems, lang.locale, { width: 1024, height: 768 });
      // Reassign Alice's conversation to Bob from the conversations panel.
      await supervisor.locator("kefu-monitor table.conversations button.open").first().click({ timeout: 15_000 });
      const to = supervisor.locator("kefu-monitor form.reassign select");
      await to.locator("option[value='agent:2']").waitFor({ state: "attached" });
      await to.selectOption("agent:2");
      await supervisor.locator("kefu-monitor form.reassign button[type=submit]").click();
      await alice.locator("kefu-console .notice.info", { hasText: lang.reassigned }).waitFor({ timeout: 10_000 });
      await bob.locator("kefu-console aside li button", { hasText: "My parcel is late" }).waitFor({ timeout: 10_000 });

      // Bob sends it back to the queue; Alice is away, so nobody takes it: it waits.
      await openConversation(bob, "My parcel is late");
      await bob.waitForFunction(() => {
        const el = document.querySelector("kefu-console")?.shadowRoot?.querySelector("form.transfer select");
        return el && !el.disabled;
      });
      await alice.locator("kefu-console select.status").selectOption("away");
      await bob.locator("kefu-console form.transfer select[name=target]").selectOption("queue:general");
      await bob.locator("kefu-console form.transfer button[type=submit]").click();
      await supervisor.locator("kefu-supervisor .tile[data-kpi=waiting] button.drill", { hasText: /^1$/ }).waitFor({ timeout: 15_000 });

      // Move every waiting chat of general to Bob: routing would not hand it back to the agent who
      // returned it, the supervisor can.
      const form = supervisor.locator("kefu-move-waiting form");
      await form.locator("select[name=from]").selectOption("general");
      await form.locator("select[name=to]").selectOption("agent:2");
      await form.locator("button[type=submit]").click();
      await supervisor.locator("kefu-move-waiting .move-notice", { hasText: lang.moved }).waitFor({ timeout: 10_000 });
      await bob.locator("kefu-console .notice.info", { hasText: lang.movedToYou }).waitFor({ timeout: 10_000 });
      await bob.locator("kefu-console aside li button", { hasText: "My parcel is late" }).waitFor({ timeout: 10_000 });
      await supervisor.screenshot({ path: join(artifacts, `supervisor-moves-${lang.locale}.png`), fullPage: true });
      await bob.screenshot({ path: join(artifacts, `console-moved-${lang.locale}.png`) });
      assert.deepEqual(problems, []);
    });
  },
}));
