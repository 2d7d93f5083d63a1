// A working day on the demo tea shop, end to end: three agents (Alice and Wei in Chinese, Bob in
// English) and twenty customers (seven in the widget, four of them on a 375 px phone; thirteen
// on the customer socket from one driver page), with a transfer picked by name, a private note
// that mentions a colleague, attachments both ways, canned replies with their variables filled,
// a resolved chat the customer reopens, and a returning customer whose earlier chat the agent
// opens from the history. The test keeps a ledger of what it did and then checks the supervisor
// screen (in English) and GET /api/reports against it.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, PHONE, SAM, customerSays, forbidDialogs, goOnline, openConversation, openWidget, signIn } from "./lib/people.mjs";

const BOB = { login: "bob", password: "bob-demo-pass" };
const WEI = { login: "wei", password: "wei-demo-pass" };
const SHOP_SECRET = "e2e-working-day-secret";
const REOPEN_WINDOW_HOURS = 0.003; // 10.8 s: a reply within it reopens, a later one starts anew
const RETURNING_SHOP_ID = "7002"; // 李娜 in the demo shop, with seven orders
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

/** The agents, each with the words their console speaks. */
const AGENTS = [
  { who: ALICE, name: "Alice Chen", locale: "zh-CN", ok: "好的，已为您处理", mentionedBy: (n) => new RegExp(`${n} 在备注中提及了您`) },
  { who: BOB, name: "Bob Li", locale: "en-US", ok: "Done, all sorted", mentionedBy: (n) => new RegExp(`${n} mentioned you in a note`) },
  { who: WEI, name: "Wang Wei", locale: "zh-CN", ok: "好的，已为您处理", mentionedBy: (n) => new RegExp(`${n} 在备注中提及了您`) },
];

/** The cells of one CSV line (quoted cells may hold commas and doubled quotes). */
const csvCells = (line) => [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] ?? m[2] ?? "").replace(/""/g, '"'));

const tag = (n) => `[C${String(n).padStart(2, "0")}]`;

/** The conversations in an agent's live list: id, text (name, preview) and whether it is open. */
function liveChats(page) {
  return page.evaluate(() => {
    const root = document.querySelector("kefu-console")?.shadowRoot;
    const buttons = root?.querySelectorAll("kefu-inbox [slot=live] li button, [slot=live] li button") ?? [];
    return [...buttons].map((b) => ({
      id: Number(b.dataset.conversationId),
      text: b.textContent ?? "",
      open: !b.querySelector(".resolved-tag"),
    }));
  });
}

/** Waits until one agent holds an open chat showing `mark`; answers { agent, id }. */
async function holderOf(agents, mark, timeout = 20_000) {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    for (const agent of agents) {
      const found = (await liveChats(agent.page)).find((c) => c.open && c.text.includes(mark));
      if (found) return { agent, id: found.id };
    }
    await agents[0].page.waitForTimeout(250);
  }
  throw new Error(`no agent holds ${mark}`);
}

async function select(agent, id) {
  await openConversation(agent.page, agent.page.locator(`kefu-console [slot=live] li button[data-conversation-id="${id}"]`));
  await agent.page.locator("kefu-console .composer textarea").waitFor();
}

async function reply(agent, text) {
  const box = agent.page.locator("kefu-console .composer textarea");
  await box.fill(text);
  await box.press("Enter");
  await agent.page.locator("kefu-console .messages .msg.mine:not(.pending)", { hasText: text.slice(0, 12) }).last().waitFor({ timeout: 10_000 });
}

/** The agent answers and resolves the selected chat; the ledger counts the resolution. */
async function resolve(agent, id, ledger) {
  await agent.page.locator("kefu-console button.resolve").click();
  await agent.page
    .locator(`kefu-console [slot=live] li button[data-conversation-id="${id}"] .resolved-tag`)
    .waitFor({ timeout: 20_000 });
  ledger.resolutions.push({ id, agent: agent.name });
}

/** Types `typed`, picks the canned reply `shortcut` and waits for its text with variables filled. */
async function useCanned(agent, typed, shortcut, filled) {
  const box = agent.page.locator("kefu-console .composer textarea");
  await box.fill(typed);
  await box.dispatchEvent("input");
  await agent.page.locator("kefu-console .canned li", { hasText: shortcut }).click();
  await agent.page.waitForFunction(
    (want) => document.querySelector("kefu-console")?.shadowRoot?.querySelector(".composer textarea")?.value === want,
    filled,
    { timeout: 10_000 },
  );
}

/** Starts a customer on the socket (in the driver page): a visitor token, a socket, a first message. */
async function socketCustomer(driver, mark, text) {
  return driver.evaluate(
    async ([mark, text]) => {
      const response = await fetch("/api/widget/visitor", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      const { token } = await response.json();
      const url = `${location.origin.replace(/^http/, "ws")}/ws/customer`;
      const ws = new WebSocket(url, ["kefu.customer.v1", `kefu.visitor-token.${token}`]);
      const customer = { ws, frames: [], conversation: 0 };
      (window.kefuCustomers ??= {})[mark] = customer;
      await new Promise((ok, fail) => {
        ws.onopen = ok;
        ws.onerror = () => fail(new Error("socket refused"));
      });
      ws.onmessage = (event) => customer.frames.push(JSON.parse(event.data));
      ws.send(JSON.stringify({ type: "message", client_id: `${mark}-1`, text }));
      for (let i = 0; i < 200 && !customer.conversation; i++) {
        const ack = customer.frames.find((f) => f.type === "ack" && f.ref === `${mark}-1`);
        if (ack) customer.conversation = ack.conversation_id;
        else await new Promise((r) => setTimeout(r, 50));
      }
      return customer.conversation;
    },
    [mark, text],
  );
}

/** Waits until a socket customer received an agent message containing `text`. */
async function socketCustomerSees(driver, mark, text) {
  await driver.waitForFunction(
    ([mark, text]) => window.kefuCustomers[mark].frames.some((f) => f.type === "message" && f.author?.kind === "agent" && f.text.includes(text)),
    [mark, text],
    { timeout: 10_000 },
  );
}

/** A socket customer rates their resolved conversation. */
async function socketCustomerRates(driver, mark, rating) {
  const ack = await driver.evaluate(
    async ([mark, rating]) => {
      const c = window.kefuCustomers[mark];
      c.ws.send(JSON.stringify({ type: "rate", client_id: `${mark}-rate`, conversation_id: c.conversation, rating }));
      for (let i = 0; i < 200; i++) {
        const answer = c.frames.find((f) => (f.type === "ack" || f.type === "error") && f.ref === `${mark}-rate`);
        if (answer) return answer;
        await new Promise((r) => setTimeout(r, 50));
      }
      return null;
    },
    [mark, rating],
  );
  assert.equal(ack?.type, "ack", JSON.stringify(ack));
}

export const tests = [
  {
    name: "a working day: three agents, twenty customers, and the supervisor's figures match (zh agents, en supervisor)",
    timeoutMs: 180_000,
    async run({ browser }) {
      const args = ["--shop-secret", SHOP_SECRET, "--reopen-window", String(REOPEN_WINDOW_HOURS)];
      await withOwnServer(browser, args, async ({ server, person }) => {
        const started = Date.now();
        const problems = [];
        const ledger = { conversations: new Set(), reopened: new Set(), resolutions: [], transfers: 0, ratings: [], open: new Set() };

        const agents = await Promise.all(
          AGENTS.map(async (a) => {
            const page = await person({ locale: a.locale, viewport: { width: 1280, height: 800 } });
            forbidDialogs(page, problems);
            await signIn(page, a.who, "/console");
            await goOnline(page);
            return { ...a, page };
          }),
        );
        const agentNamed = (name) => agents.find((a) => a.name === name);
        const driver = await person();
        await driver.goto("/login");

        // Morning: six customers arrive while every agent has room (3 + 3 + 2 chats).
        const widget = async (n, text, options = {}) => {
          const page = await person(options);
          forbidDialogs(page, problems);
          await openWidget(page);
          await customerSays(page, `${tag(n)} ${text}`);
          return page;
        };
        // C01 is a returning customer the shop signs in: 李娜, who bought from the demo shop.
        const returning = await person({ locale: "zh-CN" });
        forbidDialogs(returning, problems);
        await openWidget(returning);
        const signature = createHmac("sha256", SHOP_SECRET).update(RETURNING_SHOP_ID).digest("hex");
        assert.equal(
          await returning.evaluate(([id, sig]) => document.querySelector("kefu-chat-widget").identify(id, sig), [RETURNING_SHOP_ID, signature]),
          true,
        );
        await customerSays(returning, `${tag(1)} 我的龙井发货了吗？`);
        const [photo, reopener] = await Promise.all([
          widget(2, "The gaiwan lid arrived chipped, photo coming", { ...PHONE, locale: "en-US" }),
          widget(3, "请问白茶怎么泡？", { ...PHONE, locale: "zh-CN" }),
        ]);
        const socketIds = {};
        for (const n of [4, 5, 6]) socketIds[n] = await socketCustomer(driver, tag(n), `${tag(n)} Question number ${n} about my tea order`);

        // C01: canned replies in the customer's language, with the name and the last order filled in.
        const c1 = await holderOf(agents, tag(1));
        ledger.conversations.add(c1.id);
        await select(c1.agent, c1.id);
        const panel = c1.agent.page.locator("kefu-console kefu-customer-panel");
        await panel.locator(".customer .name", { hasText: "李娜" }).waitFor({ timeout: 15_000 });
        const lastOrder = await panel.locator(".order").first().getAttribute("data-order");
        assert.match(lastOrder, /^#\d+$/);
        const box = c1.agent.page.locator("kefu-console .composer textarea");
        await useCanned(c1.agent, "/hi", "/hi", "李娜，您好！请问有什么可以帮您？");
        await box.press("Enter");
        await useCanned(c1.agent, "/sh", "/ship", `您的订单 ${lastOrder} 已发出，可通过物流链接查看进度。`);
        await box.press("Enter");
        await returning.locator("kefu-chat-widget .msg .bubble", { hasText: lastOrder }).waitFor({ timeout: 10_000 });
        await returning.locator("kefu-chat-widget .msg .bubble", { hasText: "李娜，您好" }).waitFor();
        await resolve(c1.agent, c1.id, ledger);
        const firstVisitEnded = Date.now();

        // C02 (phone): a photo from the customer, a PDF from the agent; resolved and rated 5.
        const c2 = await holderOf(agents, tag(2));
        ledger.conversations.add(c2.id);
        await photo.locator("kefu-chat-widget input.attach").setInputFiles({ name: "lid.png", mimeType: "image/png", buffer: PNG });
        await photo.locator("kefu-chat-widget .msg.attachment.mine img.thumb").waitFor({ timeout: 10_000 });
        await select(c2.agent, c2.id);
        await c2.agent.page.locator("kefu-console .messages .msg.attachment img.thumb").waitFor({ timeout: 10_000 });
        await c2.agent.page.locator("kefu-console input.attach").setInputFiles({ name: "replacement.pdf", mimeType: "application/pdf", buffer: PDF });
        await photo.locator("kefu-chat-widget .msg.attachment.theirs", { hasText: "replacement.pdf" }).waitFor({ timeout: 10_000 });
        await reply(c2.agent, `${tag(2)} ${c2.agent.ok}`);
        await resolve(c2.agent, c2.id, ledger);
        await photo.locator("kefu-chat-widget form.csat").waitFor({ timeout: 10_000 });
        await photo.locator('kefu-chat-widget .star[data-rating="5"]').click();
        await photo.locator("kefu-chat-widget form.csat button[type=submit]").click();
        await photo.locator("kefu-chat-widget .csat.thanks").waitFor({ timeout: 10_000 });
        ledger.ratings.push(5);

        // C03 (phone): resolved, then the customer writes again at once: the chat reopens.
        const c3 = await holderOf(agents, tag(3));
        ledger.conversations.add(c3.id);
        await select(c3.agent, c3.id);
        await reply(c3.agent, `${tag(3)} 白茶用 90 度的水，第一泡 30 秒。`);
        await resolve(c3.agent, c3.id, ledger);
        await reopener.locator("kefu-chat-widget .system").first().waitFor({ timeout: 10_000 });
        await customerSays(reopener, `${tag(3)} 还有一个问题：可以冷泡吗？`);
        ledger.reopened.add(c3.id);
        const c3again = await holderOf(agents, "可以冷泡吗");
        assert.equal(c3again.id, c3.id, "the same conversation reopens");
        await select(c3again.agent, c3.id);
        await reply(c3again.agent, `${tag(3)} 可以，冷水泡 6 小时。`);
        await resolve(c3again.agent, c3.id, ledger);

        // C04: its agent writes a private note mentioning a colleague, who is told in their language.
        const c4 = await holderOf(agents, tag(4));
        ledger.conversations.add(c4.id);
        const colleague = agents.find((a) => a !== c4.agent);
        await select(c4.agent, c4.id);
        await c4.agent.page.locator("kefu-console label.note-toggle input").check();
        const note = c4.agent.page.locator("kefu-console .composer textarea");
        await note.fill(`@${colleague.name.slice(0, 3)}`);
        await note.dispatchEvent("input");
        await c4.agent.page.locator("kefu-console ul.mentions li", { hasText: colleague.name }).click();
        await note.pressSequentially("please check the stock of Longjing");
        await note.press("Enter");
        await c4.agent.page.locator("kefu-console .messages .msg.note", { hasText: "stock of Longjing" }).waitFor({ timeout: 10_000 });
        await colleague.page.locator("kefu-console .notice.info", { hasText: colleague.mentionedBy(c4.agent.name) }).waitFor({ timeout: 10_000 });
        await c4.agent.page.locator("kefu-console label.note-toggle input").uncheck();
        await reply(c4.agent, `${tag(4)} ${c4.agent.ok}`);
        await socketCustomerSees(driver, tag(4), c4.agent.ok);
        await resolve(c4.agent, c4.id, ledger);
        await socketCustomerRates(driver, tag(4), 4);
        ledger.ratings.push(4);

        // C05: transferred to a colleague picked by name (one with room), with a note.
        const c5 = await holderOf(agents, tag(5));
        ledger.conversations.add(c5.id);
        await select(c5.agent, c5.id);
        const target = c5.agent.page.locator("kefu-console form.transfer select[name=target]");
        await c5.agent.page.waitForFunction(() => {
          const el = document.querySelector("kefu-console")?.shadowRoot?.querySelector("form.transfer select");
          return el && !el.disabled;
        });
        await target.focus(); // the colleagues' status and load are read when the list opens
        await target.locator("option.colleague").nth(1).waitFor({ state: "attached", timeout: 10_000 });
        const options = await target.locator("option.colleague").evaluateAll((list) => list.map((o) => ({ value: o.value, text: o.textContent })));
        const roomy = options.find((o) => {
          const [, held, capacity] = /(\d+)\s*\/\s*(\d+)/.exec(o.text) ?? [];
          return Number(held) < Number(capacity);
        });
        assert.ok(roomy, JSON.stringify(options));
        const receiver = agents.find((a) => roomy.text.includes(a.name));
        await target.selectOption(roomy.value);
        await c5.agent.page.locator("kefu-console form.transfer input[name=note]").fill("Wants a gift box");
        await c5.agent.page.locator("kefu-console form.transfer button[type=submit]").click();
        ledger.transfers += 1;
        await openConversation(receiver.page, receiver.page.locator(`kefu-console [slot=live] li button[data-conversation-id="${c5.id}"]`));
        await receiver.page.locator("kefu-console .transfer-note", { hasText: "Wants a gift box" }).waitFor({ timeout: 10_000 });
        await reply(receiver, `${tag(5)} ${receiver.ok}`);
        await socketCustomerSees(driver, tag(5), receiver.ok);
        await resolve(receiver, c5.id, ledger);
        await socketCustomerRates(driver, tag(5), 2);
        ledger.ratings.push(2);

        // The rest of the day: fourteen more customers; the agents answer and resolve everyone
        // as they are assigned, except C20, which stays open.
        const c6 = await holderOf(agents, tag(6));
        ledger.conversations.add(c6.id);
        const later = [];
        for (const n of [7, 8]) later.push(widget(n, n === 7 ? "Do you ship to Singapore?" : "有没有礼盒装？", { ...PHONE, locale: n === 7 ? "en-US" : "zh-CN" }));
        for (const n of [9, 10]) later.push(widget(n, "Is the pu'er cake ripe or raw?"));
        const pages = await Promise.all(later);
        for (let n = 11; n <= 20; n++) socketIds[n] = await socketCustomer(driver, tag(n), `${tag(n)} ${n % 2 ? "请问什么时候发货？" : "When will my order ship?"}`);
        const toResolve = new Set([6, ...Array.from({ length: 13 }, (_, i) => i + 7)].map(tag));
        const marks = new Map([[c6.id, tag(6)]]);
        await Promise.all(
          agents.map(async (agent) => {
            while (toResolve.size > 0) {
              const chats = await liveChats(agent.page);
              const next = chats.find((c) => c.open && [...toResolve].some((m) => c.text.includes(m)));
              if (!next) {
                await agent.page.waitForTimeout(200);
                continue;
              }
              const mark = [...toResolve].find((m) => next.text.includes(m));
              toResolve.delete(mark);
              marks.set(next.id, mark);
              ledger.conversations.add(next.id);
              await select(agent, next.id);
              await reply(agent, `${mark} ${agent.ok}`);
              await resolve(agent, next.id, ledger);
            }
          }),
        );
        const c20 = await holderOf(agents, tag(20));
        ledger.conversations.add(c20.id);
        ledger.open.add(c20.id);
        for (const page of pages) await page.locator("kefu-chat-widget .msg .bubble", { hasText: /好的，已为您处理|Done, all sorted/ }).first().waitFor({ timeout: 10_000 });

        // C01 comes back after the reopen window: a new chat, and the first one is in the history.
        await returning.waitForTimeout(Math.max(0, firstVisitEnded + REOPEN_WINDOW_HOURS * 3_600_000 + 2_000 - Date.now()));
        await customerSays(returning, `${tag(1)} 我又来了：茶罐收到时有点凹。`);
        const back = await holderOf(agents, "茶罐收到时有点凹");
        assert.notEqual(back.id, c1.id, "a new conversation");
        ledger.conversations.add(back.id);
        ledger.open.add(back.id);
        await select(back.agent, back.id);
        const history = back.agent.page.locator("kefu-console kefu-customer-panel ul.past li");
        await back.agent.page.waitForFunction(
          () => document.querySelector("kefu-console")?.shadowRoot?.querySelector("kefu-customer-panel")?.shadowRoot?.querySelectorAll("ul.past li").length === 2,
          null,
          { timeout: 15_000 },
        );
        await history.nth(1).locator("button.open-past").click();
        const transcript = back.agent.page.locator("kefu-console kefu-customer-panel kefu-past-conversation");
        await transcript.locator("li.customer .text", { hasText: "我的龙井发货了吗" }).waitFor({ timeout: 10_000 });
        await transcript.locator("li.agent .text", { hasText: lastOrder }).waitFor();

        // The figures, counted from the ledger.
        const resolutionsBy = (name) => ledger.resolutions.filter((r) => r.agent === name).length;
        const offered = ledger.conversations.size + ledger.reopened.size;
        assert.equal(ledger.conversations.size, 21);
        assert.equal(ledger.resolutions.length, ledger.conversations.size - ledger.open.size + ledger.reopened.size);
        const sam = await person({ locale: "en-US", viewport: { width: 1280, height: 900 } });
        forbidDialogs(sam, problems);
        await signIn(sam, SAM, "/supervisor");
        const queue = sam.locator("kefu-supervisor table.queues tr[data-queue=general]");
        await queue.locator("button.drill[data-figure=answered]", { hasText: new RegExp(`^${offered}$`) }).waitFor({ timeout: 15_000 });
        await queue.locator("button.drill[data-figure=abandoned]", { hasText: /^0$/ }).waitFor();
        for (const agent of agents) {
          const id = await sam.locator(`kefu-supervisor table.agents tr[data-agent]`, { hasText: agent.name }).getAttribute("data-agent");
          await sam
            .locator(`kefu-supervisor table.agents tr[data-agent='${id}'] button.drill[data-figure=handle_time_ms]`, { hasText: new RegExp(`^${resolutionsBy(agent.name)}$`) })
            .waitFor({ timeout: 10_000 });
        }
        const good = ledger.ratings.filter((r) => r >= 4).length;
        const csatTile = (await sam.locator("kefu-supervisor .tile[data-kpi=csat] button.drill").innerText()).replace(/\s/g, "");
        assert.equal(csatTile, `${Math.round((good / ledger.ratings.length) * 1000) / 10}%`);

        // GET /api/reports says the same, for the centre and for each agent; the closed chats
        // (past the reopen window) count the one reopening; the per-conversation CSV the transfer.
        const day = new Date();
        day.setHours(0, 0, 0, 0);
        const range = `from=${day.getTime()}&to=${Date.now() + 3_600_000}`;
        const report = await sam.evaluate(async (q) => (await fetch(`/api/reports?${q}`)).json(), range);
        const counts = report.total.counts;
        assert.equal(counts.offered, offered);
        assert.equal(counts.answered, offered);
        assert.equal(counts.abandoned, 0);
        assert.equal(counts.resolved, ledger.resolutions.length);
        assert.equal(counts.handled, ledger.resolutions.length);
        assert.equal(counts.ratings, ledger.ratings.length);
        assert.equal(counts.ratings_good, good);
        assert.equal(counts.backlog, ledger.open.size);
        for (const agent of agents) {
          const id = await sam.locator(`kefu-supervisor table.agents tr[data-agent]`, { hasText: agent.name }).getAttribute("data-agent");
          assert.equal(report.agents[id]?.counts.handled ?? 0, resolutionsBy(agent.name), agent.name);
        }
        await sam.waitForFunction(
          async (q) => (await (await fetch(`/api/reports?${q}`)).json()).total.counts.closed_reopened === 1,
          range,
          { timeout: 20_000, polling: 500 },
        );
        const csv = await sam.evaluate(async (q) => (await fetch(`/api/reports/conversations.csv?${q}`)).text(), range);
        const [head, ...rows] = csv.trim().split("\r\n").map(csvCells);
        assert.equal(rows.length, ledger.conversations.size);
        const transferred = rows.filter((r) => r[head.indexOf("transfers")] !== "0").map((r) => Number(r[head.indexOf("conversation_id")]));
        assert.deepEqual(transferred, [c5.id]);
        console.log(`     working day: ${ledger.conversations.size} conversations, ${offered} offered, ${ledger.resolutions.length} resolutions in ${Date.now() - started} ms`);
        assert.deepEqual(problems, []);
      });
    },
  },
];
