// The admin console's SLA policies: a target of 0 is refused with its reason, a chat first
// response of 45 s is saved and read back as what the service level, the quality score and the
// supervisor's list use; the audit log shows it with before and after, and the agent's console
// then reads the same policy (GET /api/sla).
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { forbidDialogs, shot, signIn } from "./lib/people.mjs";

const TEXTS = {
  "en-US": { audit: "Audit log", admin: "Shop Admin", tab: "SLA policies", refused: "a target is 1 second to 30 days", inUse: "service level 45 s, quality score 45 s, supervisor's list 45 s" },
  "zh-CN": { audit: "操作记录", admin: "Shop Admin", tab: "服务等级", refused: "目标为 1 秒至 30 天", inUse: "服务水平 45 秒，质量评分 45 秒，主管列表 45 秒" },
};

async function slaFlow(browser, locale, artifacts) {
  const texts = TEXTS[locale];
  await withOwnServer(browser, [], async ({ person }) => {
    const problems = [];
    const admin = await person({ locale });
    forbidDialogs(admin, problems);
    await signIn(admin, { login: "admin", password: "admin-demo-pass" }, "/supervisor");
    await admin.goto("/admin#sla");
    const sla = admin.locator("kefu-admin-sla");
    const chat = sla.locator("form.sla-chat");
    await chat.locator("input[name=first_response_seconds]").fill("0");
    await chat.locator("button[type=submit]").click();
    await sla.locator("p[role=alert]", { hasText: texts.refused }).waitFor();
    await chat.locator("input[name=first_response_seconds]").fill("45");
    await chat.locator("button[type=submit]").click();
    await chat.locator("p.in-use", { hasText: texts.inUse }).waitFor();
    await shot(admin, artifacts, `admin-sla-${locale}`);

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

export const tests = [
  {
    name: "admin sla: one chat target, read back from every judge of time (English)",
    timeoutMs: 60_000,
    run: ({ browser, artifacts }) => slaFlow(browser, "en-US", artifacts),
  },
  {
    name: "admin sla: one chat target, read back from every judge of time (Chinese)",
    timeoutMs: 60_000,
    run: ({ browser, artifacts }) => slaFlow(browser, "zh-CN", artifacts),
  },
];
