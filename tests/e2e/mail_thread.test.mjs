// An e-mail conversation in the agent's console (issue 25), in both languages: the channel in
// the supervisor's list, the subject and the channel in the agent's list, the customer's quoted
// history folded behind a toggle, each reply's delivery state under it, and "send again" for a reply whose delivery became uncertain because
// the server died during the SMTP transaction (a real aiosmtpd that answers slowly; the server
// is killed and started again), which only the agent's click sends again, logged.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kefuBinary, startKefu } from "./lib/kefu_server.mjs";
import { E2E_DIR } from "./lib/paths.mjs";
import { forbidDialogs, goOnline, openConversation, shot, signIn } from "./lib/people.mjs";

const TEXTS = {
  "en-US": {
    channel: "E-mail",
    subject: "Loose lid",
    own: "Thanks, but the lid is still loose.",
    quote: "On Mon, 1 Dec 2026 at 10:00, Tea Shop <support@tea.example> wrote:\n> Your parcel left today.",
    show: "Show the quoted history",
    queued: "E-mail: waiting to be sent",
    uncertain: "E-mail: may not have arrived",
    sendAgain: "Send again",
    sent: "E-mail: sent",
  },
  "zh-CN": {
    channel: "电子邮件",
    subject: "盖子松了",
    own: "谢谢，不过盖子还是松的。",
    quote: "在 2026年12月1日 10:00，茶叶店 <support@tea.example> 写道：\n> 您的包裹今天已发出。",
    show: "显示引用的历史邮件",
    queued: "邮件：等待发送",
    uncertain: "邮件：可能未送达",
    sendAgain: "再次发送",
    sent: "邮件：已发送",
  },
};

/** tests/support/smtp_sink.py answering each message after `delay` seconds; resolves with its port. */
function startSmtpSink(delay) {
  const folder = mkdtempSync(join(tmpdir(), "kefu-e2e-smtp-"));
  // Debian's Python, which has Debian's python3-aiosmtpd (not a python3 earlier on the PATH).
  const child = spawn("/usr/bin/python3", [join(E2E_DIR, "..", "support", "smtp_sink.py"), folder, "--delay", String(delay)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`smtp sink did not start:\n${output}`)), 15_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /port (\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        port: Number(match[1]),
        received: () => readdirSync(folder).filter((f) => f.endsWith(".eml")).length,
        stop: () => {
          child.stdin.end();
          child.kill();
          rmSync(folder, { recursive: true, force: true });
        },
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
  });
}

function sql(db, query) {
  const result = spawnSync("sqlite3", [db, query], { encoding: "utf8", timeout: 10_000 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

async function until(check, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function emailThread(browser, locale, artifacts) {
  const texts = TEXTS[locale];
  const smtp = await startSmtpSink(8);
  const server = await startKefu();
  const adminContext = await browser.newContext({ baseURL: server.url, locale });
  const agentContext = await browser.newContext({ baseURL: server.url, locale });
  const problems = [];
  try {
    const admin = await adminContext.newPage();
    await signIn(admin, { login: "admin", password: "admin-demo-pass" }, "/supervisor");
    const added = await admin.evaluate(async (port) => {
      const response = await fetch("/api/admin/mailboxes", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: "support", address: "support@tea.example", display_name: "Tea Shop", queue: "tickets", security: "none", smtp_url: `smtp://127.0.0.1:${port}` }),
      });
      return response.status;
    }, smtp.port);
    assert.equal(added, 201);

    let agent = await agentContext.newPage();
    forbidDialogs(agent, problems);
    await signIn(agent, { login: "wei", password: "wei-demo-pass" }, "/console");
    await goOnline(agent);
    const mail = [
      "From: Li Mei <li.mei@example.cn>",
      "To: support@tea.example",
      `Subject: =?utf-8?B?${Buffer.from(texts.subject).toString("base64")}?=`,
      `Message-ID: <lid-${locale}@example.cn>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      texts.own,
      "",
      texts.quote,
      "",
    ].join("\r\n");
    const piped = spawnSync(kefuBinary(), ["mail", "receive", "--db", server.db, "--mailbox", "support"], { input: mail, timeout: 30_000 });
    assert.equal(piped.status, 0, String(piped.stderr));

    // The supervisor's list of conversations names the channel in the page's language.
    const row = admin.locator("kefu-supervisor kefu-monitor table.conversations tbody tr", { hasText: texts.channel });
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.textContent(), new RegExp(`tickets · ${texts.channel}`));

    // The list shows the subject and the channel.
    const item = agent.locator("kefu-console aside li button", { hasText: texts.subject });
    await item.waitFor({ timeout: 15_000 });
    assert.match(await item.locator(".facts").textContent(), new RegExp(texts.channel));
    await openConversation(agent, item);
    await agent.locator("kefu-console .pane-head h2", { hasText: texts.subject }).waitFor();
    // The customer's words show; the quoted history is folded until asked for.
    const bubble = agent.locator("kefu-console .msg.customer .bubble", { hasText: texts.own });
    await bubble.waitFor({ timeout: 10_000 });
    const quoted = bubble.locator("details.quoted");
    assert.equal(await quoted.getAttribute("open"), null);
    assert.equal(await bubble.locator(".quoted-text").isVisible(), false);
    await bubble.locator("summary", { hasText: texts.show }).click();
    assert.equal(await bubble.locator(".quoted-text").isVisible(), true);
    assert.match(await bubble.locator(".quoted-text").textContent(), /support@tea\.example/);

    // The reply's own delivery state, under it.
    await agent.locator("kefu-console .composer textarea").fill("We will send a new lid.");
    await agent.locator("kefu-console button.send").click();
    const reply = agent.locator("kefu-console .msg.mine", { hasText: "We will send a new lid." });
    await reply.locator(".delivery-line", { hasText: texts.queued }).waitFor({ timeout: 15_000 });
    // The SMTP server holds the message and has not answered when the server dies.
    await until(() => smtp.received() === 1, 15_000, "the SMTP server to receive the reply");
    await until(() => sql(server.db, "SELECT state FROM mail_outbox") === "sending", 5_000, "the reply being sent");
    await server.halt();
    assert.equal(sql(server.db, "SELECT state FROM mail_outbox"), "sending");
    await server.resume();

    await agent.close();
    agent = await agentContext.newPage();
    forbidDialogs(agent, problems);
    await agent.goto("/console");
    await goOnline(agent);
    await openConversation(agent, texts.subject);
    const again = agent.locator("kefu-console .msg.mine", { hasText: "We will send a new lid." });
    const line = again.locator(".delivery-line.delivery-uncertain", { hasText: texts.uncertain });
    await line.waitFor({ timeout: 15_000 });
    // Never sent again by itself.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(smtp.received(), 1);
    assert.equal(sql(server.db, "SELECT COUNT(*) FROM events WHERE type = 'mail_sent_again'"), "0");
    await shot(agent, artifacts, `mail-thread-uncertain-${locale}`);
    await line.locator("button.send-again", { hasText: texts.sendAgain }).click();
    await again.locator(".delivery-line", { hasText: texts.sent }).waitFor({ timeout: 20_000 });
    assert.equal(smtp.received(), 2);
    assert.equal(sql(server.db, "SELECT COUNT(*) FROM events WHERE type = 'mail_sent_again'"), "1");
    await shot(agent, artifacts, `mail-thread-${locale}`);
    assert.deepEqual(problems, []);
  } finally {
    await adminContext.close().catch(() => {});
    await agentContext.close().catch(() => {});
    await server.stop();
    smtp.stop();
  }
}

export const tests = [
  { name: "mail thread: subject, folded history, delivery and send again (en)", timeoutMs: 120_000, run: ({ browser, artifacts }) => emailThread(browser, "en-US", artifacts) },
  { name: "mail thread: subject, folded history, delivery and send again (zh-CN)", timeoutMs: 120_000, run: ({ browser, artifacts }) => emailThread(browser, "zh-CN", artifacts) },
];
