// Notices at the desk (issue 20): sound and desktop notification for a customer's new message in
// my conversations with a remembered mute switch; notice banners that can be dismissed and go
// away on their own, in the chosen language; my draft kept when a conversation is transferred
// away and back (across a reload); a warning before signing out with open conversations.
// In English and in Chinese, each with its own server.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, signIn } from "./lib/people.mjs";

const BOB = { login: "bob", password: "bob-demo-pass" };

const CASES = [
  { locale: "en-US", newMessage: "New message from", transferred: /ransferred|ransfer/, muted: "Alerts muted", leave: "open conversation" },
  { locale: "zh-CN", newMessage: "发来新消息", transferred: /转/, muted: "提醒已静音", leave: "未结束的会话" },
];

/** Records desktop notifications instead of showing them (permission granted). */
const FAKE_NOTIFICATIONS = () => {
  window.__notifications = [];
  window.Notification = class {
    static permission = "granted";
    static requestPermission() {
      return Promise.resolve("granted");
    }
    constructor(title, options) {
      window.__notifications.push({ title, body: options?.body ?? "" });
    }
  };
};

const alertCount = (page) => page.evaluate(() => Number(document.documentElement.dataset.kefuMessageAlerts ?? 0));

async function transfer(page, toName) {
  const select = page.locator("kefu-console form.transfer select[name=target]");
  await page.waitForFunction(() => {
    const el = document.querySelector("kefu-console")?.shadowRoot?.querySelector("form.transfer select");
    return el && !el.disabled;
  });
  await select.focus();
  const option = select.locator("option.colleague", { hasText: toName });
  await option.waitFor({ state: "attached", timeout: 10_000 });
  await select.selectOption(await option.getAttribute("value"));
  await page.locator("kefu-console form.transfer button[type=submit]").click();
}

export const tests = CASES.map((lang) => ({
  name: `message alerts with a remembered mute, notices, a kept draft and a warned sign-out (${lang.locale})`,
  timeoutMs: 150_000,
  async run({ browser }) {
    await withOwnServer(browser, [], async ({ person }) => {
      const problems = [];
      const alice = await person({ locale: lang.locale, viewport: { width: 1400, height: 900 } });
      await alice.context().addInitScript(FAKE_NOTIFICATIONS);
      forbidDialogs(alice, problems);
      await signIn(alice, ALICE, "/console");
      await goOnline(alice);

      const first = await person();
      await openWidget(first);
      await customerSays(first, "First customer asks about tins");
      const second = await person();
      await openWidget(second);
      await customerSays(second, "Second customer asks about cups");
      // The second chat is Alice's before its customer writes again: a message that comes with
      // the conversation itself is history, not news to alert about. Then she opens the first.
      await alice.locator("kefu-console aside li", { hasText: "cups" }).waitFor({ timeout: 15_000 });
      await openConversation(alice, "tins");

      // A message in my other conversation: a sound and a desktop notification.
      const before = await alertCount(alice);
      await customerSays(second, "Are you there?");
      await alice.waitForFunction((n) => Number(document.documentElement.dataset.kefuMessageAlerts ?? 0) > n, before);
      const notes = await alice.evaluate(() => window.__notifications);
      assert.ok(notes.some((n) => n.title.includes(lang.newMessage) && n.body === "Are you there?"), JSON.stringify(notes));

      // Muted: nothing more, and the switch holds after a reload.
      await alice.locator("kefu-console button.mute").click();
      assert.equal(await alice.locator("kefu-console button.mute").getAttribute("aria-pressed"), "true");
      assert.match(await alice.locator("kefu-console button.mute").textContent(), new RegExp(lang.muted));
      const muted = await alertCount(alice);
      await customerSays(second, "Hello again?");
      await alice.locator("kefu-console aside li", { hasText: "Hello again" }).waitFor({ timeout: 10_000 }).catch(() => {});
      await alice.waitForTimeout(500);
      assert.equal(await alertCount(alice), muted);

      // A draft in the first chat, kept across a reload.
      const box = alice.locator("kefu-console .composer textarea").first();
      await box.fill("Half-written answer about the tins");
      await alice.reload();
      await alice.locator("kefu-console select.status").waitFor();
      assert.equal(await alice.locator("kefu-console button.mute").getAttribute("aria-pressed"), "true");
      await openConversation(alice, "tins");
      assert.equal(await box.inputValue(), "Half-written answer about the tins");

      // Transferred away to Bob: a notice in the chosen language, dismissed by hand.
      const bob = await person({ viewport: { width: 1400, height: 900 } });
      forbidDialogs(bob, problems);
      await signIn(bob, BOB, "/console");
      await goOnline(bob);
      await transfer(alice, "Bob");
      const notice = alice.locator("kefu-console .notice.info").first();
      await notice.waitFor({ timeout: 10_000 });
      assert.match(await notice.locator(".notice-text").textContent(), lang.transferred);
      await notice.locator("button.dismiss").click();
      await alice.locator("kefu-console .notice.info").waitFor({ state: "detached", timeout: 2_000 });

      // Bob transfers it back: Alice's draft is still there.
      await openConversation(bob, "tins");
      await transfer(bob, "Alice");
      // A notice Bob does not dismiss goes away on its own.
      await bob.locator("kefu-console .notice.info").first().waitFor({ timeout: 10_000 });
      await bob.locator("kefu-console .notice.info").first().waitFor({ state: "detached", timeout: 15_000 });
      await openConversation(alice, "tins");
      assert.equal(await box.inputValue(), "Half-written answer about the tins");

      // Signing out with open conversations asks first; "stay" keeps the console.
      await alice.locator("kefu-console button.logout").click();
      const warning = alice.locator("kefu-console .notice.leaving");
      await warning.waitFor();
      assert.match(await warning.textContent(), new RegExp(lang.leave));
      await warning.locator("button.stay").click();
      await warning.waitFor({ state: "detached" });
      assert.equal(new URL(alice.url()).pathname, "/console");
      await alice.locator("kefu-console button.logout").click();
      await alice.locator("kefu-console .notice.leaving button.leave").click();
      await alice.waitForURL((u) => u.pathname === "/login");
      assert.deepEqual(problems, []);
    });
  },
}));
