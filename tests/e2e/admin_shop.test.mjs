// The admin console's Integration tab: before any secret the test order is refused and says
// why; a bad overlap and a bad origin are refused with their reasons and change nothing; a
// rotation shows the new secret once (copyable), a second one says until when the old works;
// the allowed origins are saved; the embed snippet is the server's own origin's tag (copyable);
// the live preview frames the widget; the test order is accepted; the rotation is audited.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { forbidDialogs, openAdminTab, shot } from "./lib/people.mjs";
import { inEnglishAndChinese } from "./lib/both_languages.mjs";

const TEXTS = {
  "en-US": {
    tab: "Integration",
    audit: "Audit log",
    none: "Not set yet.",
    badOverlap: "0 to 168 hours",
    badOrigin: "Each line must be an origin",
    shownOnce: "shown only once",
    stillWorks: "still works until",
    saved: "Saved.",
    refused: "no_shop_secret",
    accepted: "Accepted: order #",
    copied: "Copied",
  },
  "zh-CN": {
    tab: "店铺对接",
    audit: "操作记录",
    none: "尚未设置。",
    badOverlap: "0 到 168 小时",
    badOrigin: "每行必须是一个来源",
    shownOnce: "只显示这一次",
    stillWorks: "之前仍然有效",
    saved: "已保存。",
    refused: "no_shop_secret",
    accepted: "已接受：订单 #",
    copied: "已复制",
  },
};

async function shopFlow(browser, locale, artifacts) {
  const texts = TEXTS[locale];
  await withOwnServer(browser, [], async ({ server, person }) => {
    const problems = [];
    const admin = await person({ locale, viewport: { width: 1300, height: 1000 }, permissions: ["clipboard-read", "clipboard-write"] });
    forbidDialogs(admin, problems);
    await openAdminTab(admin, texts.tab);
    const tab = admin.locator("kefu-admin-shop");
    const webhook = tab.locator("form[data-kind=order_webhook]");
    await webhook.locator(".state", { hasText: texts.none }).waitFor();
    const shop = () => admin.evaluate(async () => (await fetch("/api/admin/shop")).json());

    // No secret yet: the test order is refused, and the tab says why.
    await tab.locator("button.send-test").click();
    await tab.locator("p.test-result.error", { hasText: texts.refused }).waitFor();

    // A bad overlap and a bad origin: refused with their reasons, nothing changed.
    await webhook.locator("input[name=overlap]").fill("200");
    await webhook.locator("button.rotate").click();
    await tab.locator("p[role=alert]", { hasText: texts.badOverlap }).waitFor();
    await tab.locator("textarea[name=origins]").fill("https://shop.example/path");
    await tab.locator("button.save-origins").click();
    await tab.locator("p[role=alert]", { hasText: texts.badOrigin }).waitFor();
    let now = await shop();
    assert.equal(now.order_webhook.configured, false);
    assert.deepEqual(now.allowed_origins, []);

    // Rotations: the new secret once, then the overlap of the old one.
    await webhook.locator("input[name=overlap]").fill("24");
    await webhook.locator("button.rotate").click();
    const first = await tab.locator(".new-secret code.key").textContent();
    assert.ok(first && first.length >= 32);
    await tab.locator(".new-secret", { hasText: texts.shownOnce }).waitFor();
    await tab.locator("button.copy-secret").click();
    await tab.locator(".new-secret .ok", { hasText: texts.copied }).waitFor();
    assert.equal(await admin.evaluate(() => navigator.clipboard.readText()), first);
    await webhook.locator("button.rotate").click();
    await tab.locator(".new-secret code.key").filter({ hasNotText: first }).waitFor();
    await webhook.locator(".state", { hasText: texts.stillWorks }).waitFor();
    await tab.locator("button.done").click();
    assert.equal(await tab.locator(".new-secret").count(), 0);

    // Origins saved (lower-cased by the server).
    await tab.locator("textarea[name=origins]").fill("https://Shop.Example\nhttp://localhost:3000\n");
    await tab.locator("button.save-origins").click();
    await tab.locator("p[role=status]", { hasText: texts.saved }).waitFor();
    now = await shop();
    assert.deepEqual(now.allowed_origins, ["https://shop.example", "http://localhost:3000"]);

    // The snippet (copyable) and the live preview of the widget.
    const snippet = `<script src="${server.url}/widget.js" defer></script>`;
    assert.equal(await tab.locator("pre.snippet").textContent(), snippet);
    await tab.locator("button.copy-snippet").click();
    assert.equal(await admin.evaluate(() => navigator.clipboard.readText()), snippet);
    const preview = tab.frameLocator("iframe.preview");
    await preview.locator("kefu-chat-widget .launcher").waitFor({ timeout: 15_000 });

    // The test order goes through with the current secret.
    await tab.locator("button.send-test").click();
    await tab.locator("p.test-result.ok", { hasText: texts.accepted }).waitFor();
    await shot(admin, artifacts, `admin-shop-${locale}`);

    await admin.locator("kefu-admin nav button", { hasText: texts.audit }).click();
    await admin.locator("kefu-admin-audit tr[data-type=shop_secret_rotated]").first().waitFor();
    await admin.locator("kefu-admin-audit tr[data-type=shop_origins_updated]").first().waitFor();
    assert.deepEqual(problems, []);
  });
}

export const tests = inEnglishAndChinese(
  "admin integration: secrets rotated, origins, snippet, preview and a test order",
  90_000,
  shopFlow,
);
