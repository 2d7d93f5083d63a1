// The admin console's mailboxes (the e-mail channel, issue 25), in both languages: an admin
// connects a mailbox, a bad SMTP address is refused with the server's typed error explained,
// the password is never shown, and the mailbox can be changed; then a customer's GB18030 mail
// becomes a ticket whose console says the reply goes by e-mail to their address, and that the
// reply is not sent yet (no SMTP server listens) and will be retried. Its own server, so that the
// other tests keep a shop without a mailbox.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kefuBinary, startKefu } from "./lib/kefu_server.mjs";
import { E2E_DIR } from "./lib/paths.mjs";
import { forbidDialogs, goOnline, openAdminTab, openConversation, shot, signIn } from "./lib/people.mjs";

const TEXTS = {
  "en-US": { title: "Mailboxes", none: "No mailbox is connected", connect: "Connect a mailbox", badSmtp: "The SMTP server is smtp://host:port", set: "set", saved: "Saved.", route: "Your replies go by e-mail to zhao.lei@example.cn", retry: "not sent yet, will retry" },
  "zh-CN": { title: "邮箱", none: "尚未连接邮箱", connect: "连接邮箱", badSmtp: "SMTP 服务器格式为", set: "已设置", saved: "已保存。", route: "您的答复将通过邮件发送至 zhao.lei@example.cn", retry: "尚未发出，将重试" },
};

async function connectMailbox(browser, locale, artifacts) {
  const texts = TEXTS[locale];
  const server = await startKefu();
  const context = await browser.newContext({ baseURL: server.url, locale });
  const agentContext = await browser.newContext({ baseURL: server.url, locale });
  const problems = [];
  try {
    const admin = await context.newPage();
    forbidDialogs(admin, problems);
    await openAdminTab(admin, "#mail");
    const section = admin.locator("kefu-admin-mailboxes");
    await section.locator("h2", { hasText: texts.title }).waitFor();
    await section.locator("p", { hasText: texts.none }).waitFor();
    await section.locator("button", { hasText: texts.connect }).click();
    await section.locator("input[name=name]").fill("support");
    await section.locator("input[name=address]").fill("support@tea.example");
    await section.locator("input[name=display_name]").fill("Tea Shop <script>x</script>");
    await section.locator("input[name=smtp_url]").fill("http://mail.tea.example");
    await section.locator("input[name=login]").fill("support");
    await section.locator("input[name=password]").fill("Mailbox-Pass-42");
    await section.locator("form button[type=submit]").click();
    await section.locator("p.error", { hasText: texts.badSmtp }).waitFor();
    await section.locator("input[name=smtp_url]").fill("smtp://127.0.0.1:9");
    await section.locator("form button[type=submit]").click();
    const row = section.locator("tr[data-name=support]");
    await row.waitFor();
    // The sender name is shown as text, and the password never.
    assert.match(await row.textContent(), /Tea Shop <script>x<\/script> <support@tea\.example>/);
    assert.match(await row.textContent(), new RegExp(texts.set));
    assert.doesNotMatch(await section.evaluate((e) => e.shadowRoot.innerHTML), /Mailbox-Pass-42/);
    // A change keeps the password when the box is left empty.
    await row.locator("button").click();
    await section.locator("input[name=imap_url]").fill("imap://mail.tea.example:143");
    await section.locator("form button[type=submit]").click();
    await section.locator("p", { hasText: texts.saved }).waitFor();
    // (The list is read again after the save: its row changes a moment after "saved" shows.)
    await section.locator("tr[data-name=support]", { hasText: "imap://mail.tea.example:143" }).waitFor();
    assert.match(await section.locator("tr[data-name=support]").textContent(), new RegExp(texts.set));
    await shot(admin, artifacts, `mail-admin-${locale}`);

    // A customer's mail becomes a ticket; the console tells how the reply reaches them.
    const agent = await agentContext.newPage();
    forbidDialogs(agent, problems);
    await signIn(agent, { login: "wei", password: "wei-demo-pass" }, "/console");
    await goOnline(agent);
    const piped = spawnSync(kefuBinary(), ["mail", "receive", "--db", server.db, "--mailbox", "support"], {
      input: readFileSync(join(E2E_DIR, "..", "data", "mail", "gb18030_base64.eml")),
      timeout: 30_000,
    });
    assert.equal(piped.status, 0, String(piped.stderr));
    await openConversation(agent, "印刷错误");
    await agent.locator("kefu-console .messages", { hasText: "茶叶罐上的字“𠀀”印错了。" }).waitFor({ timeout: 10_000 });
    const route = agent.locator("kefu-console .reply-route.by-email");
    await route.waitFor({ timeout: 10_000 });
    assert.match(await route.textContent(), new RegExp(texts.route));
    await agent.locator("kefu-console .composer textarea").fill("We will send a new tin.");
    await agent.locator("kefu-console button.send").click();
    await agent.locator("kefu-console .reply-route .delivery-queued", { hasText: texts.retry }).waitFor({ timeout: 15_000 });
    await shot(agent, artifacts, `mail-console-${locale}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close().catch(() => {});
    await agentContext.close().catch(() => {});
    await server.stop();
  }
}

export const tests = [
  { name: "mail admin: an admin connects a mailbox (en)", run: ({ browser, artifacts }) => connectMailbox(browser, "en-US", artifacts) },
  { name: "mail admin: an admin connects a mailbox (zh-CN)", run: ({ browser, artifacts }) => connectMailbox(browser, "zh-CN", artifacts) },
];
