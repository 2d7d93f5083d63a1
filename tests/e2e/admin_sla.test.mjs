// The admin console's SLA policies: a target of 0 is refused with its reason, a chat first
// response of 45 s is saved and read back as what the service level, the quality score and the
// supervisor's list use; the audit log shows it with before and after, and the agent's console
// then reads the same policy (GET /api/sla). A queue's policy for its VIP customers is added, a
// duplicate refused with its reason, and removed.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { forbidDialogs, openAdminTab, shot, signIn } from "./lib/people.mjs";
import { inEnglishAndChinese } from "./lib/both_languages.mjs";

const TEXTS = {
  "en-US": { audit: "Audit log", admin: "Shop Admin", tab: "SLA policies", refused: "a target is 1 second to 30 days", inUse: "service level 45 s, quality score 45 s, supervisor's list 45 s", duplicate: "already has a policy for that priority", vip: "VIP", none: "No queue has its own policy" },
  "zh-CN": { audit: "操作记录", admin: "Shop Admin", tab: "服务等级", refused: "目标为 1 秒至 30 天", inUse: "服务水平 45 秒，质量评分 45 秒，主管列表 45 秒", duplicate: "已有此优先级的服务等级", vip: "VIP", none: "尚无队列设置自己的服务等级" },
};

async function slaFlow(browser, locale, artifacts) {
  const texts = TEXTS[locale];
  await withOwnServer(browser, [], async ({ person }) => {
    const problems = [];
    const admin = await person({ locale });
    forbidDialogs(admin, problems);
    await openAdminTab(admin, "#sla");
    const sla = admin.locator("kefu-admin-sla");
    const chat = sla.locator("form.sla-chat");
    await chat.locator("input[name=first_response_seconds]").fill("0");
    await chat.locator("button[type=submit]").click();
    await sla.locator("p[role=alert]", { hasText: texts.refused }).waitFor();
    await chat.locator("input[name=first_response_seconds]").fill("45");
    await chat.locator("button[type=submit]").click();
    await chat.locator("p.in-use", { hasText: texts.inUse }).waitFor();
    await shot(admin, artifacts, `admin-sla-${locale}`);

    // A policy for the VIP customers of the general queue; the same one again is refused with
    // the reason and nothing is added; removed, the list is empty again.
    await sla.locator("p.queue-policies-none", { hasText: texts.none }).waitFor();
    const add = sla.locator("form.sla-queue-form");
    await add.locator("select[name=queue]").selectOption("general");
    await add.locator("select[name=priority]").selectOption("vip");
    await add.locator("input[name=first_response_seconds]").fill("10");
    await add.locator("input[name=next_response_seconds]").fill("30");
    await add.locator("input[name=resolution_seconds]").fill("3600");
    await add.locator("select[name=time]").selectOption("business");
    await add.locator("button[type=submit]").click();
    const vip = sla.locator("table.queue-policies tr[data-key='queue:general:vip']");
    await vip.locator("td", { hasText: texts.vip }).waitFor();
    await add.locator("button[type=submit]").click();
    await sla.locator("p[role=alert]", { hasText: texts.duplicate }).waitFor();
    assert.equal(await sla.locator("table.queue-policies tbody tr").count(), 1);
    const stored = await admin.evaluate(async () => (await fetch("/api/admin/sla")).json());
    assert.deepEqual(
      stored.queue_policies.map((p) => [p.key, p.first_response_seconds, p.time]),
      [["queue:general:vip", 10, "business"]],
    );
    await vip.locator("button").click();
    await sla.locator("p.queue-policies-none").waitFor();

    // The audit log shows the change: who, what, before (20 s) and after (45 s).
    await admin.locator("kefu-admin nav button", { hasText: texts.audit }).click();
    const row = admin.locator("kefu-admin-audit tr[data-type=sla_updated]").first();
    await row.locator("td", { hasText: texts.admin }).waitFor();
    assert.match(await row.locator("td").nth(4).innerText(), /"first_response_seconds": 20/);
    assert.match(await row.locator("td").nth(5).innerText(), /"first_response_seconds": 45/);
    await shot(admin, artifacts, `admin-audit-${locale}`);

    const agent = await person();
    await signIn(agent, { login: "alice", password: "alice-demo-pass" }, "/console");
    const policy = await agent.evaluate(async () => (await fetch("/api/sla")).json());
    assert.equal(policy.chat.first_response_seconds, 45);
    assert.deepEqual(problems, []);
  });
}

export const tests = inEnglishAndChinese(
  "admin sla: one chat target, read back from every judge of time",
  60_000,
  slaFlow,
);
