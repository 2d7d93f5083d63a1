// Picking up from the Unassigned view (issue 20): an agent takes a waiting conversation of a
// queue they serve; the server refuses with a typed error, shown in the chosen language, when
// they may not (here: not online), and nothing changes. English and Chinese, own servers.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, signIn } from "./lib/people.mjs";

const CASES = [
  { locale: "en-US", pickUp: "Pick up", notOnline: "Go online to pick up a conversation.", picked: "The conversation is yours now." },
  { locale: "zh-CN", pickUp: "接入", notOnline: "请先切换为在线再接入会话。", picked: "该会话已由您接待。" },
];

export const tests = CASES.map((lang) => ({
  name: `an agent picks a waiting conversation up from the Unassigned view (${lang.locale})`,
  timeoutMs: 120_000,
  async run({ browser }) {
    await withOwnServer(browser, [], async ({ person }) => {
      const problems = [];
      const alice = await person({ locale: lang.locale, viewport: { width: 1400, height: 900 } });
      forbidDialogs(alice, problems);
      await signIn(alice, ALICE, "/console");
      await goOnline(alice);
      const customer = await person();
      await openWidget(customer);
      await customerSays(customer, "Which oolong is the lightest?");
      await openConversation(alice, "oolong");

      // Alice sends it back to the queue: it waits, unassigned.
      const select = alice.locator("kefu-console form.transfer select[name=target]");
      await alice.waitForFunction(() => {
        const el = document.querySelector("kefu-console")?.shadowRoot?.querySelector("form.transfer select");
        return el && !el.disabled;
      });
      await select.selectOption("queue:general");
      await alice.locator("kefu-console form.transfer button[type=submit]").click();
      await alice.locator("kefu-console [slot=live] li button", { hasText: "oolong" }).waitFor({ state: "detached", timeout: 10_000 });

      // Away, the pick-up is refused and the conversation still waits.
      await alice.locator("kefu-console select.status").selectOption("away");
      await alice.locator("kefu-console kefu-inbox button.view-unassigned").click();
      const pick = alice.locator("kefu-console kefu-inbox button.pick-up").first();
      await pick.waitFor({ timeout: 15_000 });
      assert.equal((await pick.textContent()).trim(), lang.pickUp);
      await pick.click();
      await alice.locator("kefu-console .notice.error", { hasText: lang.notOnline }).waitFor({ timeout: 10_000 });
      assert.equal(await alice.locator("kefu-console [slot=live] li button", { hasText: "oolong" }).count(), 0);

      // Online, it is hers.
      await goOnline(alice);
      await pick.click();
      await alice.locator("kefu-console .notice.info", { hasText: lang.picked }).waitFor({ timeout: 10_000 });
      await alice.locator("kefu-console [slot=live] li button", { hasText: "oolong" }).waitFor({ state: "attached", timeout: 10_000 });
      await alice.locator("kefu-console kefu-inbox button.view-mine").click();
      await openConversation(alice, alice.locator("kefu-console [slot=live] li button", { hasText: "oolong" }));
      const reply = alice.locator("kefu-console .composer textarea").first();
      await reply.fill("The Wenshan Baozhong is the lightest.");
      await reply.press("Enter");
      await customer.locator("kefu-chat-widget .msg.theirs .bubble", { hasText: "Baozhong" }).waitFor({ timeout: 10_000 });
      assert.deepEqual(problems, []);
    });
  },
}));
