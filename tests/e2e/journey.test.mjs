// The whole journey through the three faces, on a server of its own with the demo shop:
// a customer on /demo asks a question, sees an article, asks for a person and, while nobody
// serves the queue, is told so rather than given a place in line (the supervisor takes the
// customer ahead of them straight from the queue); the
// agent receives the chat with the customer's orders, inserts a KB suggestion and replies; the
// supervisor watches the chat read-only and whispers to the agent (the customer never sees it);
// the XSS string goes both ways as text; a reload of the customer's page keeps the history; the
// agent resolves; the supervisor's figures count the conversation. Screenshots of the three
// screens in both languages go to the run's artifacts.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ROOT } from "./lib/paths.mjs";
import { ALICE, SAM, customerSays, forbidDialogs, goOnline, openConversation, signIn, watchConversation } from "./lib/people.mjs";

const XSS = "<img src=x onerror=alert(1)>";
// Screenshots go to the run's artifacts (the README's copies are made by scripts/screenshots).
const SCREENSHOTS = join(ROOT, "tests/e2e/artifacts/screenshots");
const QUESTION = "How do I return an item and get a refund?";
const WHISPER = "Offer free express shipping on the replacement";
const SHOP_SECRET = "e2e-journey-secret";
// A demo customer with orders whose segment ("lost") gives no routing priority, so that the
// customer who wrote first stays ahead of them in line (VIP and at-risk customers go first).
const CUSTOMER_SHOP_ID = "7057";

/** The customer's place in line as the widget shows it (0: none shown). */
async function placeInLine(page) {
  const line = page.locator("kefu-chat-widget .queue:not(.agent)");
  if (!(await line.count())) return 0;
  const text = (await line.textContent()) ?? "";
  if (/next in line/.test(text)) return 1;
  const match = /number (\d+) in line/.exec(text);
  return match ? Number(match[1]) : 0;
}

/** Conversation ids in the supervisor's table of open conversations, in table order. */
async function listedConversations(page) {
  const rows = page.locator("kefu-supervisor kefu-monitor table.conversations tbody tr");
  return (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.conversationId))));
}

async function waitForListed(page, count) {
  for (let i = 0; i < 100; i++) {
    const ids = await listedConversations(page);
    if (ids.length >= count) return ids;
    await page.waitForTimeout(200);
  }
  throw new Error(`the supervisor's table never listed ${count} conversation(s)`);
}

async function setStatus(agent, status) {
  await agent.locator("kefu-console select.status").selectOption(status);
  await agent.waitForFunction(
    (s) => document.querySelector("kefu-console")?.shadowRoot?.querySelector("select.status")?.value === s,
    status,
  );
}

function screenshot(page, name, options = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), ...options });
}

export const tests = [
  {
    name: "the full journey: widget, queue, console, supervision, XSS, reload, resolve, figures",
    timeoutMs: 180_000,
    async run({ browser, artifacts }) {
      await withOwnServer(browser, ["--demo", "--shop-secret", SHOP_SECRET], async ({ server, person, contexts }) => {
      try {
        const problems = [];
        const supervisor = await person({ viewport: { width: 1400, height: 1000 } });
        forbidDialogs(supervisor, problems);
        await signIn(supervisor, SAM, "/supervisor");
        await supervisor.locator("kefu-supervisor .tile[data-kpi=waiting]").waitFor({ timeout: 15_000 });

        // Alice is signed in but away: nobody serves the queue yet.
        const agent = await person({ viewport: { width: 1400, height: 900 } });
        forbidDialogs(agent, problems);
        await signIn(agent, ALICE, "/console");
        await goOnline(agent);
        await setStatus(agent, "away");

        // Someone else is first in line (an anonymous visitor: no demo identity).
        const ahead = await person();
        forbidDialogs(ahead, problems);
        await ahead.route("**/api/demo/identity", (route) => route.abort());
        await ahead.goto("/demo");
        await ahead.locator("kefu-chat-widget .launcher").click();
        await customerSays(ahead, "I was here first: is the shop open on Sunday?");

        // The customer (a demo customer with orders) asks; an article appears as they type.
        const customer = await person({ viewport: { width: 1280, height: 860 } });
        forbidDialogs(customer, problems);
        // The shop signs its logged-in customer's id (what /api/demo/identity does for a random one).
        await customer.route("**/api/demo/identity", (route) =>
          route.fulfill({
            contentType: "application/json",
            body: JSON.stringify({
              shop_customer_id: CUSTOMER_SHOP_ID,
              signature: createHmac("sha256", SHOP_SECRET).update(CUSTOMER_SHOP_ID).digest("hex"),
            }),
          }),
        );
        const identified = customer.waitForResponse((r) => r.url().endsWith("/api/widget/identify"), { timeout: 15_000 });
        await customer.goto("/demo");
        assert.equal((await identified).status(), 200);
        await customer.locator("kefu-chat-widget .launcher").click();
        const box = customer.locator("kefu-chat-widget .composer textarea");
        await box.fill(QUESTION);
        await customer
          .locator("kefu-chat-widget .kb .kb-articles li, kefu-chat-widget .kb .kb-answer")
          .first()
          .waitFor({ timeout: 10_000 });
        // "Talk to a person": past an automatic answer, or simply sending the question.
        if (await customer.locator("kefu-chat-widget .kb-answer button.person").count()) {
          await customer.locator("kefu-chat-widget .kb-answer button.person").click();
        } else {
          await box.press("Enter");
        }
        await customer
          .locator("kefu-chat-widget .msg.mine:not(.pending) .bubble", { hasText: QUESTION })
          .waitFor({ timeout: 10_000 });
        // Nobody serves the queue (Alice is away): the widget says so, with no place in line.
        await customer.locator("kefu-chat-widget .queue.nobody").waitFor({ timeout: 10_000 });
        assert.equal(await placeInLine(customer), 0);

        // The supervisor sees both waiting, the first one most urgent, and takes it over.
        const [first, second] = await waitForListed(supervisor, 2);
        assert.ok(first < second, `most urgent first: ${first}, ${second}`);
        const firstRow = supervisor.locator(`kefu-supervisor kefu-monitor tr[data-conversation-id="${first}"]`);
        await watchConversation(supervisor, firstRow);
        const monitor = supervisor.locator("kefu-supervisor kefu-monitor section.monitor");
        await monitor.locator(".bubble", { hasText: "I was here first" }).waitFor({ timeout: 10_000 });
        await monitor.locator("button.take-over").click();
        await monitor.locator(".banner.mine").waitFor({ timeout: 10_000 });
        await monitor.locator("form.reply textarea").fill("Hello, I am the team lead: yes, 10:00 to 16:00.");
        await monitor.locator("form.reply textarea").press("Enter");
        await ahead.locator("kefu-chat-widget .msg .bubble", { hasText: "I am the team lead" }).waitFor({ timeout: 10_000 });

        // The customer is at the head of the line now, but still nobody serves it: no made-up place.
        await customer.locator("kefu-chat-widget .queue.nobody").waitFor({ timeout: 10_000 });
        assert.equal(await placeInLine(customer), 0);

        // Alice comes back: the chat is hers, with a notice, the customer's orders and suggestions.
        const notices = Number(await agent.evaluate(() => document.documentElement.dataset.kefuAssignments ?? 0));
        await setStatus(agent, "online");
        await agent.waitForFunction(
          (before) => Number(document.documentElement.dataset.kefuAssignments ?? 0) > before,
          notices,
          { timeout: 15_000 },
        );
        await customer.locator("kefu-chat-widget .queue.agent", { hasText: "is helping you" }).waitFor({ timeout: 15_000 });
        await openConversation(agent, "return an item");
        const panel = agent.locator("kefu-console kefu-customer-panel");
        await panel.locator(".order").first().waitFor({ timeout: 15_000 });
        const article = agent.locator("kefu-console .suggestions .article").first();
        await article.waitFor({ timeout: 15_000 });
        const used = agent.waitForRequest((r) => r.url().endsWith("/api/kb/used") && r.method() === "POST");
        await article.locator("button.insert").click();
        await used;
        const reply = agent.locator("kefu-console .composer textarea");
        const inserted = await reply.inputValue();
        assert.ok(inserted.length > 20, `inserted: ${inserted}`);
        await reply.press("Enter");
        const firstLine = inserted.split("\n")[0].slice(0, 20);
        await customer.locator("kefu-chat-widget .msg .bubble", { hasText: firstLine }).first().waitFor({ timeout: 10_000 });

        // The supervisor opens the chat read-only and whispers; only Alice sees it, marked.
        const ids = await waitForListed(supervisor, 2);
        const chat = Math.max(...ids);
        await watchConversation(supervisor, supervisor.locator(`kefu-supervisor kefu-monitor tr[data-conversation-id="${chat}"]`));
        await monitor.locator(".bubble", { hasText: firstLine }).first().waitFor({ timeout: 10_000 });
        await monitor.locator(".banner:not(.mine)").waitFor();
        await monitor.locator("form.whisper textarea").fill(WHISPER);
        await monitor.locator("form.whisper textarea").press("Enter");
        const whisper = agent.locator("kefu-console .messages .msg.whisper", { hasText: WHISPER });
        await whisper.waitFor({ timeout: 10_000 });
        assert.match(await whisper.locator(".meta").textContent(), /Whisper from Sam Taylor/);
        await monitor.locator(".msg.whisper", { hasText: WHISPER }).waitFor();

        // The XSS string both ways: the same characters everywhere, no dialog (forbidDialogs).
        await customerSays(customer, XSS);
        const agentXss = agent.locator("kefu-console .messages .bubble", { hasText: XSS });
        await agentXss.waitFor({ timeout: 10_000 });
        assert.equal(await agentXss.textContent(), XSS);
        await reply.fill(`You wrote ${XSS}`);
        await reply.press("Enter");
        const customerXss = customer.locator("kefu-chat-widget .msg .bubble", { hasText: `You wrote ${XSS}` });
        await customerXss.waitFor({ timeout: 10_000 });
        assert.equal(await customerXss.textContent(), `You wrote ${XSS}`);
        await monitor.locator(".bubble", { hasText: `You wrote ${XSS}` }).waitFor({ timeout: 10_000 });
        for (const page of [agent, customer, supervisor]) {
          assert.equal(await page.locator("img[src=x]").count(), 0);
        }
        assert.equal(await customer.locator("kefu-chat-widget .bubble", { hasText: WHISPER }).count(), 0);

        // Screenshots: console, widget on /demo and supervisor, in English then in Chinese.
        await screenshot(agent, "console-en");
        await screenshot(customer, "widget-en");
        await screenshot(supervisor, "supervisor-en", { fullPage: true });
        await agent.locator("kefu-console .topbar button", { hasText: "中文" }).click();
        await agent.locator("kefu-console .suggestions h2", { hasText: "推荐文章" }).waitFor();
        await agent.locator("kefu-console .messages .msg.whisper .meta", { hasText: "悄悄话" }).waitFor();
        await screenshot(agent, "console-zh");
        await customer.locator("kefu-chat-widget button.lang").click();
        await customer.locator("kefu-chat-widget .composer textarea[placeholder='请输入消息…']").waitFor();
        await screenshot(customer, "widget-zh");
        await customer.locator("kefu-chat-widget button.lang").click();
        await supervisor.locator("kefu-supervisor .topbar button", { hasText: "中文" }).click();
        await monitor.locator(".banner", { hasText: "只读" }).waitFor();
        await screenshot(supervisor, "supervisor-zh", { fullPage: true });
        await supervisor.locator("kefu-supervisor .topbar button", { hasText: "English" }).click();
        await agent.locator("kefu-console .topbar button", { hasText: "English" }).click();

        // A reload mid-chat keeps the history, once each.
        await customer.reload();
        // The panel stays open across the reload (issue 20).
        await customer.locator("kefu-chat-widget .panel").waitFor({ timeout: 10_000 });
        await customer.locator("kefu-chat-widget .msg .bubble", { hasText: `You wrote ${XSS}` }).waitFor({ timeout: 15_000 });
        const texts = await customer.locator("kefu-chat-widget .messages .bubble").allTextContents();
        assert.equal(texts.filter((t) => t === QUESTION).length, 1, JSON.stringify(texts));
        assert.equal(texts.filter((t) => t === XSS).length, 1, JSON.stringify(texts));
        assert.equal(texts.filter((t) => t === `You wrote ${XSS}`).length, 1, JSON.stringify(texts));
        assert.ok(texts.some((t) => t.startsWith(firstLine)), JSON.stringify(texts));

        // Alice resolves; the customer is told.
        await agent.locator("kefu-console button.resolve").click();
        await customer.locator("kefu-chat-widget .system", { hasText: "resolved" }).waitFor({ timeout: 10_000 });
        // The customer's satisfaction rating comes here (added with the CSAT widget).

        // The supervisor's figures count it: answered in the general queue, handled by an agent.
        await supervisor.waitForFunction(
          () => {
            const root = document.querySelector("kefu-supervisor")?.shadowRoot;
            const cells = root?.querySelectorAll("table.queues tr[data-queue=general] td");
            const handled = [...(root?.querySelectorAll("table.agents tbody tr") ?? [])].map((tr) =>
              Number(tr.querySelectorAll("td")[5]?.textContent ?? 0),  // handled (after name, status, time in status, load, occupancy)
            );
            return cells && Number(cells[5]?.textContent) >= 2 && handled.some((n) => n >= 1);
          },
          null,
          { timeout: 15_000 },
        );
        await supervisor.locator("kefu-supervisor kefu-monitor .monitor .msg", { hasText: firstLine }).first().waitFor();
        assert.deepEqual(problems, []);
      } catch (error) {
        let i = 0;
        for (const context of contexts) {
          for (const page of context.pages()) {
            await page.screenshot({ path: join(artifacts, `FAIL-journey-${i++}.png`) }).catch(() => {});
          }
        }
        throw error;
      }
      });
    },
  },
];
