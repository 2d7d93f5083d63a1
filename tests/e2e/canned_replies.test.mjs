// Canned replies kept on the server, in both languages: the admin adds a shared reply with
// variables in the admin console (a bad one is refused with its reason), and the agent inserts
// it with `/` in the middle of a reply, filled with the customer's and the agent's names; the
// agent keeps a personal reply of their own in the console.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ADMIN, ALICE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, shot, signIn } from "./lib/people.mjs";


const LANGUAGES = [
  { locale: "en-US", replyLocale: "en", title: "Shared canned replies", body: "Hi {customer.name}, {agent.name} here. Your tin ships today.",
    filled: (customer) => `Sure. Hi ${customer}, Alice Chen here. Your tin ships today.`, refused: /Not saved/ },
  { locale: "zh-CN", replyLocale: "zh", title: "共享快捷回复", body: "{customer.name}您好，我是{agent.name}，茶叶今天发货。",
    filled: (customer) => `好的。${customer}您好，我是Alice Chen，茶叶今天发货。`, refused: /未保存/ },
];

export const tests = LANGUAGES.map((lang) => ({
  name: `an admin's shared canned reply is inserted with / and its variables filled (${lang.locale})`,
  timeoutMs: 120_000,
  async run({ browser, artifacts }) {
    await withOwnServer(browser, [], async ({ person }) => {
      const problems = [];
      const admin = await person({ locale: lang.locale, viewport: { width: 1300, height: 900 } });
      forbidDialogs(admin, problems);
      await signIn(admin, ADMIN, "/supervisor");
      await admin.goto("/admin#canned");
      const section = admin.locator("kefu-admin kefu-admin-canned");
      await section.locator("h2", { hasText: lang.title }).waitFor();
      const form = section.locator("form.add-reply");
      // An unknown variable is refused with the reason, and nothing is added.
      const rows = await section.locator("table.canned-replies tbody tr").count();
      await form.locator("input[name=shortcut]").fill("tin");
      await form.locator("select[name=locale]").selectOption(lang.replyLocale);
      await form.locator("textarea[name=body]").fill("Hi {customer.email}");
      await form.locator("button[type=submit]").click();
      await section.locator(".status.error", { hasText: lang.refused }).waitFor();
      assert.equal(await section.locator("table.canned-replies tbody tr").count(), rows);
      await form.locator("textarea[name=body]").fill(lang.body);
      await form.locator("button[type=submit]").click();
      await section.locator("table.canned-replies tbody tr", { hasText: "/tin" }).waitFor();
      await shot(admin, artifacts, `admin-canned-${lang.locale}`);

      const agent = await person({ locale: lang.locale, viewport: { width: 1400, height: 900 } });
      forbidDialogs(agent, problems);
      await signIn(agent, ALICE, "/console");
      await goOnline(agent);
      const customer = await person();
      await openWidget(customer);
      await customerSays(customer, "When does my tin ship?");
      const item = agent.locator("kefu-console aside li button", { hasText: "When does my tin ship?" });
      await item.waitFor({ timeout: 15_000 });
      await openConversation(agent, item);
      const customerName = (await item.locator(".name").textContent()).trim();

      const reply = agent.locator("kefu-console .composer textarea");
      await reply.fill(lang.replyLocale === "zh" ? "好的。/ti" : "Sure. /ti");
      await reply.dispatchEvent("input");
      await agent.locator("kefu-console .canned li", { hasText: "/tin" }).click();
      await agent.waitForFunction(
        (want) => document.querySelector("kefu-console")?.shadowRoot?.querySelector(".composer textarea")?.value === want,
        lang.filled(customerName),
        { timeout: 10_000 },
      );
      await reply.press("Enter");
      await customer.locator("kefu-chat-widget .msg .bubble", { hasText: lang.filled(customerName) }).waitFor({ timeout: 10_000 });

      // The agent keeps a personal reply in the console and it is offered to them at once.
      const mine = agent.locator("kefu-console details.my-canned");
      await mine.locator("summary").click();
      const own = mine.locator("kefu-admin-canned form.add-reply");
      await own.locator("input[name=shortcut]").fill("pack");
      await own.locator("select[name=locale]").selectOption(lang.replyLocale);
      await own.locator("textarea[name=body]").fill("{agent.name}: packed with care");
      await own.locator("button[type=submit]").click();
      await mine.locator("table.canned-replies tbody tr", { hasText: "/pack" }).waitFor({ timeout: 10_000 });
      assert.equal(await mine.locator("input[name=team]").count(), 0);
      await reply.fill("/pa");
      await reply.dispatchEvent("input");
      await agent.locator("kefu-console .canned li", { hasText: "/pack" }).waitFor({ timeout: 10_000 });
      assert.deepEqual(problems, []);
    });
  },
}));
