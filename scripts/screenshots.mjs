// Takes the README's screenshots (docs/screenshots/*-en.png and *-zh.png) from a real kefu server
// on a fresh demo database, driven by playwright-core and Debian's chromium: the agent console
// with a private note and a customer's photo, the inbox views, the chat widget on the demo shop
// with a suggested article open,
// and the supervisor screen. Run through scripts/screenshots; not part of scripts/test.
import { createHmac } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "../tests/e2e/lib/browser.mjs";
import { startKefu } from "../tests/e2e/lib/kefu_server.mjs";
import { ROOT } from "../tests/e2e/lib/paths.mjs";
import { ALICE, SAM, customerSays, goOnline, openWidget, signIn } from "../tests/e2e/lib/people.mjs";

const OUT = process.env.KEFU_SCREENSHOT_DIR ?? join(ROOT, "docs/screenshots");
const SHOP_SECRET = "screenshots-shop-secret";
const BOB = { login: "bob", password: "bob-demo-pass" };

// What each language's customers say, and who the shop signs in (demo shop customers).
const SCRIPT = {
  en: {
    locale: "en-US",
    shopCustomer: "7014",
    name: "Mark Philips", // in Canada
    question: "Hello! The gaiwan from my last order arrived with a chipped lid. Photo attached.",
    reply: "I'm sorry about that, Mark. I'll send a new gaiwan today, free of charge.",
    note: "please ship the replacement with SF International and waive the postage",
    others: ["Do you ship tea to Singapore?", "Is the 2019 pu'er cake ripe or raw?", "Can I pay with PayPal?"],
    widgetQuestion: "How long does delivery to Canada take?",
  },
  zh: {
    locale: "zh-CN",
    shopCustomer: "7002",
    name: "李娜",
    question: "你好，上次买的盖碗收到时盖子有个缺口，照片发给你看看。",
    reply: "非常抱歉！我们今天给您补发一个新的盖碗，运费由我们承担。",
    note: "请今天用顺丰补发，并在备注里写明免运费",
    others: ["白茶怎么泡比较好？", "明前龙井还有货吗？", "可以开发票吗？"],
    widgetQuestion: "寄到成都要几天？",
  },
};

async function shoot(page, name, options = {}) {
  mkdirSync(OUT, { recursive: true });
  await page.waitForTimeout(400); // let transitions and fonts settle
  await page.screenshot({ path: join(OUT, name), ...options });
  console.log(`wrote ${join(OUT, name)}`);
}

async function person(browser, server, locale, options = {}) {
  const context = await browser.newContext({ baseURL: server.url, locale, ...options });
  return context.newPage();
}

async function signShopCustomer(page, id) {
  const signature = createHmac("sha256", SHOP_SECRET).update(id).digest("hex");
  const ok = await page.evaluate(([i, s]) => document.querySelector("kefu-chat-widget").identify(i, s), [id, signature]);
  if (!ok) throw new Error(`the widget did not identify shop customer ${id}`);
}

async function openChat(agent, text) {
  await agent.locator("kefu-console [slot=live] li button", { hasText: text }).first().click({ timeout: 15_000 });
  await agent.locator("kefu-console .composer textarea").waitFor();
}

async function language(browser, lang) {
  const s = SCRIPT[lang];
  const server = await startKefu({ extraArgs: ["--shop-secret", SHOP_SECRET] });
  try {
    const agent = await person(browser, server, s.locale, { viewport: { width: 1440, height: 900 } });
    await signIn(agent, ALICE, "/console");
    await goOnline(agent);
    // The customer signed in by the shop, with a photo of the chipped lid; Alice alone is online.
    const customer = await person(browser, server, s.locale, { viewport: { width: 1280, height: 800 } });
    await openWidget(customer);
    await signShopCustomer(customer, s.shopCustomer);
    await customerSays(customer, s.question);
    const photo = await customer.locator(".product .swatch.gaiwan").screenshot();
    await customer.locator("kefu-chat-widget input.attach").setInputFiles({ name: "gaiwan.png", mimeType: "image/png", buffer: photo });
    await customer.locator("kefu-chat-widget .msg.attachment.mine img.thumb").waitFor({ timeout: 15_000 });

    // Bob comes online, and other customers write, so the inbox has something in every view.
    const bob = await person(browser, server, s.locale, { viewport: { width: 1280, height: 800 } });
    await signIn(bob, BOB, "/console");
    await goOnline(bob);
    for (const text of s.others) {
      const other = await person(browser, server, s.locale);
      await openWidget(other);
      await customerSays(other, text);
    }

    await openChat(agent, s.name);
    await agent.locator("kefu-console .messages .msg.attachment img.thumb").waitFor({ timeout: 15_000 });
    await agent.locator("kefu-console kefu-customer-panel .order").first().waitFor({ timeout: 15_000 });
    const box = agent.locator("kefu-console .composer textarea");
    await box.fill(s.reply);
    await box.press("Enter");
    await agent.locator("kefu-console label.note-toggle input").check();
    await box.fill("@Bo");
    await box.dispatchEvent("input");
    await agent.locator("kefu-console ul.mentions li", { hasText: "Bob Li" }).click();
    await box.pressSequentially(s.note);
    await box.press("Enter");
    await agent.locator("kefu-console .messages .msg.note").last().waitFor({ timeout: 10_000 });
    await agent.locator("kefu-console label.note-toggle input").uncheck();
    await customer.locator("kefu-chat-widget .msg .bubble", { hasText: s.reply.slice(0, 12) }).waitFor({ timeout: 10_000 });
    await shoot(agent, `console-${lang}.png`);

    // The inbox views: the team's chats, with counts on every tab.
    await agent.locator("kefu-console kefu-inbox .tabs button.view-team").click();
    await agent.locator("kefu-console kefu-inbox ul.results li").first().waitFor({ timeout: 10_000 });
    await shoot(agent, `inbox-${lang}.png`);

    // The widget on the demo shop: a suggested article for a new question, opened in full.
    await customer.locator("kefu-chat-widget .composer textarea").fill(s.widgetQuestion);
    const open = customer.locator("kefu-chat-widget .kb-articles button.kb-open").first();
    await open.waitFor({ timeout: 10_000 });
    await open.click();
    await customer.locator("kefu-chat-widget .kb-article .markdown").waitFor({ timeout: 10_000 });
    await shoot(customer, `widget-${lang}.png`);

    // The supervisor screen with the day so far.
    const sam = await person(browser, server, s.locale, { viewport: { width: 1440, height: 900 } });
    await signIn(sam, SAM, "/supervisor");
    await sam.locator("kefu-supervisor table.queues tr[data-queue=general]").waitFor({ timeout: 15_000 });
    await shoot(sam, `supervisor-${lang}.png`, { fullPage: true });
  } finally {
    await server.stop().catch(() => {});
  }
}

const browser = await launchChromium();
try {
  for (const lang of process.argv.slice(2).length ? process.argv.slice(2) : ["en", "zh"]) await language(browser, lang);
} finally {
  await browser.close();
}
