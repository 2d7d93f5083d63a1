// Care by e-mail (issue 23, action email_customer): an admin makes a new rule whose channel is an
// e-mail to the customer, in English and in Chinese; a rule without a subject is refused with the
// server's code and nothing is stored; with a subject it is saved as an email_customer action.
import assert from "node:assert/strict";
import { inEnglishAndChinese } from "./lib/both_languages.mjs";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ADMIN, forbidDialogs, signIn } from "./lib/people.mjs";

const WORDS = {
  "en-US": { channel: "An e-mail to their address", saved: "Rule saved.", refused: "Refused: invalid_action" },
  "zh-CN": { channel: "发送到客户邮箱的邮件", saved: "规则已保存。", refused: "被拒绝：invalid_action" },
};

export const tests = inEnglishAndChinese(
  "an admin makes a care rule that e-mails the customer",
  90_000,
  async (browser, locale) => {
    await withOwnServer(browser, [], async ({ person }) => {
      const words = WORDS[locale];
      const problems = [];
      const admin = await person({ locale });
      forbidDialogs(admin, problems);
      await signIn(admin, ADMIN, "/supervisor");
      await admin.goto("/admin#care");
      const rules = admin.locator("kefu-admin kefu-admin-rules");
      await rules.locator("button.new-rule").click();
      const form = rules.locator("form.rule-form");
      await form.locator("input[name=name]").fill("Thank by mail <b>now</b>");
      const channel = form.locator("select[name=channel]");
      assert.equal((await channel.locator("option[value=email_customer]").textContent()).trim(), words.channel);
      await channel.selectOption("email_customer");
      await form.locator("textarea[name=text_en]").fill("Dear {customer}, thank you for {order}.");
      // No subject yet: the server refuses the rule and keeps nothing.
      const before = await (await admin.request.get("/api/admin/rules")).json();
      await form.locator("button.save").click();
      await rules.getByText(words.refused).waitFor();
      const after = await (await admin.request.get("/api/admin/rules")).json();
      assert.equal(after.rules.length, before.rules.length);

      await form.locator("input[name=subject_en]").fill("Thank you for {order}");
      await form.locator("input[name=subject_zh]").fill("感谢您购买{order}");
      await form.locator("button.save").click();
      await rules.locator("[role=status]", { hasText: words.saved }).waitFor();
      // The name is text in the table, never markup.
      await rules.locator("td", { hasText: "Thank by mail <b>now</b>" }).waitFor();
      const saved = (await (await admin.request.get("/api/admin/rules")).json()).rules.find(
        (r) => r.name === "Thank by mail <b>now</b>",
      );
      assert.equal(saved.actions.length, 1);
      assert.equal(saved.actions[0].type, "email_customer");
      assert.deepEqual(saved.actions[0].subject, { en: "Thank you for {order}", "zh-CN": "感谢您购买{order}" });
      assert.deepEqual(saved.actions[0].text, { en: "Dear {customer}, thank you for {order}." });
      assert.deepEqual(problems, []);
    });
  },
);
