// The admin console's data tab: message retention is off by default; 0 days is refused with its
// reason and changes nothing; 30 days is saved (what it removed at once is shown), survives a
// reload, is in the audit log, and turning it off again keeps messages for ever.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { forbidDialogs, openAdminTab, shot } from "./lib/people.mjs";
import { inEnglishAndChinese } from "./lib/both_languages.mjs";

const TEXTS = {
  "en-US": { tab: "Data", audit: "Audit log", off: "Message text is kept for ever.", on: "older than 30 days is removed every day", bad: "from 1 to 3650", removed: "Removed now: 0 message texts, 0 attachments." },
  "zh-CN": { tab: "数据", audit: "操作记录", off: "消息文字永久保留。", on: "每天删除 30 天以前的消息文字", bad: "1 到 3650", removed: "本次删除：0 条消息文字，0 个附件。" },
};

async function dataFlow(browser, locale, artifacts) {
  const texts = TEXTS[locale];
  await withOwnServer(browser, [], async ({ person }) => {
    const problems = [];
    const admin = await person({ locale });
    forbidDialogs(admin, problems);
    await openAdminTab(admin, texts.tab);
    const data = admin.locator("kefu-admin-data");
    await data.locator("p.current", { hasText: texts.off }).waitFor();

    await data.locator("input[name=message_days]").fill("0");
    await data.locator("button[type=submit]").click();
    await data.locator("p[role=alert]", { hasText: texts.bad }).waitFor();
    const unchanged = await admin.evaluate(async () => (await fetch("/api/admin/retention")).json());
    assert.equal(unchanged.message_days, null);

    await data.locator("input[name=message_days]").fill("30");
    await data.locator("button[type=submit]").click();
    await data.locator("p[role=status]", { hasText: texts.removed }).waitFor();
    await data.locator("p.current", { hasText: texts.on }).waitFor();
    await shot(admin, artifacts, `admin-data-${locale}`);

    await admin.reload();
    await admin.locator("kefu-admin-data p.current", { hasText: texts.on }).waitFor();
    assert.equal(await admin.locator("kefu-admin-data input[name=message_days]").inputValue(), "30");

    await admin.locator("kefu-admin nav button", { hasText: texts.audit }).click();
    await admin.locator("kefu-admin-audit tr[data-type=retention_updated]").first().waitFor();

    await admin.locator("kefu-admin nav button", { hasText: texts.tab }).click();
    await admin.locator("kefu-admin-data input[name=message_days]").fill("");
    await admin.locator("kefu-admin-data button[type=submit]").click();
    await admin.locator("kefu-admin-data p.current", { hasText: texts.off }).waitFor();
    assert.deepEqual(problems, []);
  });
}

export const tests = inEnglishAndChinese(
  "admin data: message retention set, refused, audited and turned off",
  60_000,
  dataFlow,
);
