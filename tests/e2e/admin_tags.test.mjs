// The tag catalogue: an admin adds a tag with both labels (a bad one is refused with its reason
// and adds nothing); an agent serving a customer is offered the catalogue's tags, sets one, and
// a tag that is not in the catalogue is refused with its reason and not set.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { aliceServesACustomer, forbidDialogs, openAdminTab, openConversation, shot } from "./lib/people.mjs";
import { inEnglishAndChinese } from "./lib/both_languages.mjs";

const TEXTS = {
  "en-US": { tab: "Canned replies", bad: "A tag needs a name", unknown: "not in the catalogue" },
  "zh-CN": { tab: "快捷回复", bad: "标签需要名称", unknown: "不在目录中" },
};

async function tagsFlow(browser, locale, artifacts) {
  const texts = TEXTS[locale];
  await withOwnServer(browser, [], async ({ person }) => {
    const problems = [];
    const admin = await person({ locale });
    forbidDialogs(admin, problems);
    await openAdminTab(admin, texts.tab);
    const tags = admin.locator("kefu-admin-tags");
    await tags.locator("p.none").waitFor();

    await tags.locator("form.add input[name=name]").fill("a/b");
    await tags.locator("form.add input[name=label_zh]").fill("坏");
    await tags.locator("form.add input[name=label_en]").fill("Bad");
    await tags.locator("form.add button[type=submit]").click();
    await tags.locator("p[role=alert]", { hasText: texts.bad }).waitFor();
    const none = await admin.evaluate(async () => (await fetch("/api/tags")).json());
    assert.deepEqual(none.tags, []);

    await tags.locator("form.add input[name=name]").fill("vip");
    await tags.locator("form.add input[name=label_zh]").fill("贵宾");
    await tags.locator("form.add input[name=label_en]").fill("VIP");
    await tags.locator("form.add button[type=submit]").click();
    await tags.locator("tr[data-tag=vip]").waitFor();
    await shot(admin, artifacts, `admin-tags-${locale}`);

    const { agent } = await aliceServesACustomer(person, problems, locale, "Please tag me");
    await openConversation(agent, "Please tag me");
    const panel = agent.locator("kefu-console kefu-customer-panel");
    const input = panel.locator("form.add-tag input[name=tag]");
    await input.waitFor();
    const label = locale === "zh-CN" ? "贵宾" : "VIP";
    await panel.locator(`datalist#tag-catalogue option[value=vip][label="${label}"]`).waitFor({ state: "attached" });

    await input.fill("stranger");
    await input.press("Enter");
    await panel.locator("[role=alert], .error", { hasText: texts.unknown }).first().waitFor();
    assert.equal(await panel.locator(".tag", { hasText: "stranger" }).count(), 0);

    await input.fill("vip");
    await input.press("Enter");
    await panel.locator(".tag", { hasText: "vip" }).waitFor();
    assert.deepEqual(problems, []);
  });
}

export const tests = inEnglishAndChinese("admin tags: a catalogue kept by the admin, picked by agents", 90_000, tagsFlow);
