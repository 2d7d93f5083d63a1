// The admin console's quality tab and customer erasure: a negative weight is refused in the page,
// all weights at 0 are refused by the server with nothing changed, a new weight is saved and
// read back; a customer is found, "Erase…" asks for a confirmation (Cancel erases nothing), and
// the confirmed erasure removes the customer's name.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { forbidDialogs, openAdminTab, shot } from "./lib/people.mjs";
import { inEnglishAndChinese } from "./lib/both_languages.mjs";

const TEXTS = {
  "en-US": { quality: "Quality", data: "Data", greeting: "Greeting", bad: "a number of 0 or more", refused: "The settings were refused (bad_field)", saved: "Saved", confirm: "Erase all personal data of 张伟 (#2)?", erased: "张伟 (#2) was erased." },
  "zh-CN": { quality: "质量", data: "数据", greeting: "问候语", bad: "0 或更大的数字", refused: "设置未被接受（bad_field）", saved: "已保存", confirm: "确定删除 张伟（#2）的全部个人数据吗？", erased: "张伟（#2）的数据已删除。" },
};

async function flow(browser, locale, artifacts) {
  const texts = TEXTS[locale];
  await withOwnServer(browser, [], async ({ person }) => {
    const problems = [];
    const admin = await person({ locale });
    forbidDialogs(admin, problems);
    await openAdminTab(admin, texts.quality);
    const quality = admin.locator("kefu-admin-quality");
    const settingsNow = () => admin.evaluate(async () => (await fetch("/api/quality/settings")).json());
    const before = await settingsNow();

    await quality.locator("input[name='weight.greeting']").fill("-1");
    await quality.locator("button[type=submit]").click();
    await quality.locator("p[role=alert]", { hasText: texts.bad }).waitFor();

    for (const input of await quality.locator("input[name^='weight.']").all()) await input.fill("0");
    await quality.locator("button[type=submit]").click();
    await quality.locator("p[role=alert]", { hasText: texts.refused }).waitFor();
    assert.deepEqual(await settingsNow(), before);

    await admin.reload();
    await quality.locator("input[name='weight.greeting']").fill("12.5");
    await quality.locator("button[type=submit]").click();
    await quality.locator("p[role=status]", { hasText: texts.saved }).waitFor();
    assert.equal((await settingsNow()).weights.greeting, 12.5);
    await shot(admin, artifacts, `admin-quality-${locale}`);

    await admin.locator("kefu-admin nav button", { hasText: texts.data }).click();
    const erasure = admin.locator("kefu-admin-erasure");
    await erasure.locator("input[name=q]").fill("张伟");
    await erasure.locator("form button[type=submit]").click();
    await erasure.locator("li[data-customer='2'] button.ask").click();
    await erasure.locator(".confirm p", { hasText: texts.confirm }).waitFor();
    await erasure.locator(".confirm button.cancel").click();
    const still = await admin.evaluate(async () => (await fetch("/api/customers/2")).json());
    assert.equal(still.customer?.display_name ?? still.display_name, "张伟");

    await erasure.locator("li[data-customer='2'] button.ask").click();
    await shot(admin, artifacts, `admin-erasure-${locale}`);
    await erasure.locator(".confirm button.confirm-erase").click();
    await erasure.locator("p[role=status]", { hasText: texts.erased }).waitFor();
    const gone = await admin.evaluate(async () => (await fetch("/api/customers/2")).text());
    assert.ok(!gone.includes("张伟"), gone);
    assert.deepEqual(problems, []);
  });
}

export const tests = inEnglishAndChinese(
  "admin quality weights and customer erasure with confirmation",
  60_000,
  flow,
);
