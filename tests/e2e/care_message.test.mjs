// A care rule's message to the customer (issue 23, action `customer_message`): an admin's rule
// writes to the customer when their conversation is resolved; the customer has left the shop by
// then, so the message waits and reaches their widget at their next visit (the `care_message`
// frame), shown as text in their language (an HTML-looking text stays text), once. Each run on
// its own server, in English and in Chinese.
import assert from "node:assert/strict";
import { inEnglishAndChinese } from "./lib/both_languages.mjs";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ADMIN, ALICE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, signIn } from "./lib/people.mjs";


const TEXTS = {
  "en-US": {
    question: "Is the green tea still in stock?",
    message: "Thank you {customer}! Tell us how the tea was <b>brewed</b>.",
    title: "A note from the shop",
    resolved: "Resolved",
  },
  "zh-CN": {
    question: "绿茶还有货吗？",
    message: "谢谢{customer}！请告诉我们茶<b>泡得</b>怎么样。",
    title: "店铺留言",
    resolved: "已解决",
  },
};

/** A cookie-authenticated write from `page`'s session (Origin: the server's own). */
async function send(page, server, method, path, body) {
  const response = await page.request.fetch(new URL(path, server.url).href, {
    method,
    headers: { Origin: new URL(server.url).origin, "Content-Type": "application/json" },
    data: JSON.stringify(body),
  });
  return { status: response.status(), body: await response.json().catch(() => null) };
}

export const tests = inEnglishAndChinese(
  "a care rule's message reaches the customer's widget at their next visit, as text",
  120_000,
  (browser, locale) =>
    withOwnServer(browser, [], async ({ server, person }) => {
      const lang = TEXTS[locale];
      const problems = [];

      // The admin's rule: when a conversation is resolved, a message in the customer's language.
      const admin = await person();
      forbidDialogs(admin, problems);
      await signIn(admin, ADMIN, "/supervisor");
      const created = await send(admin, server, "POST", "/api/admin/rules", {
        name: "Thank after the chat",
        enabled: true,
        trigger: "conversation_resolved",
        delay_minutes: 0,
        cancel_on: [],
        caps: { quiet_hours: false, contact_cap: false },
        actions: [
          {
            type: "customer_message",
            text: { en: TEXTS["en-US"].message, "zh-CN": TEXTS["zh-CN"].message },
          },
        ],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.rule.enabled, true);

      // The customer asks, then leaves the shop.
      const customer = await person({ locale });
      forbidDialogs(customer, problems);
      await openWidget(customer);
      await customerSays(customer, lang.question);

      // Alice resolves it while the customer is away. The customer's
      // language goes into their care preferences first (the rule writes in it).
      const agent = await person({ locale });
      forbidDialogs(agent, problems);
      await signIn(agent, ALICE, "/console");
      await goOnline(agent);
      const item = agent.locator("kefu-console aside li button", { hasText: lang.question });
      await item.waitFor({ timeout: 15_000 });
      const conversationId = Number(await item.getAttribute("data-conversation-id"));
      assert.ok(conversationId > 0);
      const transcript = await agent.request.get(new URL(`/api/conversations/${conversationId}/messages`, server.url).href);
      assert.equal(transcript.status(), 200);
      const customerId = (await transcript.json()).conversation.customer_id;
      const preferences = await send(agent, server, "PUT", `/api/care/customers/${customerId}/preferences`, {
        time_zone: locale === "zh-CN" ? "Asia/Shanghai" : "Europe/London",
        locale: locale === "zh-CN" ? "zh-CN" : "en",
        marketing_consent: false,
        opted_out: false,
      });
      assert.equal(preferences.status, 200, JSON.stringify(preferences.body));
      await customer.goto("about:blank");

      await openConversation(agent, item);
      await agent.locator("kefu-console button.resolve").click();
      await agent.locator("kefu-console aside li .resolved-tag", { hasText: lang.resolved }).waitFor({ timeout: 10_000 });

      // The rule has written the message, and it waits: nobody was there to see it.
      const expected = lang.message.replace("{customer}", await customerName(agent, server, customerId));
      await waitForLog(admin, server, created.body.rule.id);

      // The next visit: the message is there, as the text it is (no <b> element made of it).
      await customer.goto("/demo");
      await openPanel(customer);
      const note = customer.locator("kefu-chat-widget .care-message");
      await note.waitFor({ timeout: 15_000 });
      assert.equal((await note.locator(".kb-label").textContent()).trim(), lang.title);
      assert.equal((await note.locator("div").nth(1).textContent()).trim(), expected);
      assert.equal(await customer.locator("kefu-chat-widget .care-message b").count(), 0);

      // Closed, it does not come back at the visit after.
      await note.locator("button").click();
      await note.waitFor({ state: "detached" });
      await customer.reload();
      await openPanel(customer);
      await customer.waitForTimeout(1500);
      assert.equal(await customer.locator("kefu-chat-widget .care-message").count(), 0);
      assert.deepEqual(problems, []);
    }),
);

/** Opens the widget's panel unless it came back open (a returning visitor's tab keeps it open). */
async function openPanel(page) {
  const launcher = page.locator("kefu-chat-widget .launcher");
  await launcher.waitFor();
  if ((await launcher.getAttribute("aria-expanded")) !== "true") await launcher.click();
  await page.locator("kefu-chat-widget .composer textarea").waitFor();
}

/** The customer's name as the rule's {customer} fills it (the customer view's name). */
async function customerName(page, server, customerId) {
  const response = await page.request.get(new URL(`/api/customers/${customerId}`, server.url).href);
  assert.equal(response.status(), 200);
  const view = await response.json();
  const first = view.first_name ?? "";
  const last = view.last_name ?? "";
  if (first || last) return last ? (first ? `${first} ${last}` : last) : first;
  return view.display_name ?? "";
}

/** Waits until the rule's log shows its job done (the message is stored). */
async function waitForLog(page, server, ruleId) {
  for (let i = 0; i < 100; i++) {
    const response = await page.request.get(new URL(`/api/admin/rules/${ruleId}/log`, server.url).href);
    assert.equal(response.status(), 200);
    const jobs = (await response.json()).jobs;
    if (jobs.some((job) => job.status === "done")) return;
    if (jobs.some((job) => job.status === "skipped" || job.status === "cancelled")) {
      throw new Error(`the rule's job did not run: ${JSON.stringify(jobs)}`);
    }
    await page.waitForTimeout(200);
  }
  throw new Error("the rule's job was not done within 20 s");
}
