// The admin console's teams and queues on the demo data: the admin creates a team with Bob, a
// queue that needs the billing skill (a queue without a team is refused with its reason), and
// a customer writing while the team is closed sees the closed state and their chat waits; once
// the team is open it goes to Bob (billing 4), not to Alice (no billing); the queue is then
// retired into general, saying how many wait.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { customerSays, forbidDialogs, goOnline, openAdminTab, openWidget, shot, signIn } from "./lib/people.mjs";
import { inEnglishAndChinese } from "./lib/both_languages.mjs";

const TEXTS = {
  "en-US": { tab: "Teams and queues", missingTeam: "Choose the team that serves this queue", retire: "Retire", retired: "is retired", badDate: "is not a date", closed: "We are closed right now", never: "No opening hours are planned", saturday: "Saturday", offline: "Leave us a message", allWeek: "open 7 days a week" },
  "zh-CN": { tab: "团队与队列", missingTeam: "请选择负责此队列的团队", retire: "停用", retired: "已停用", badDate: "日期格式不对", closed: "我们现在不在服务时间", never: "目前没有安排服务时间", saturday: "星期六", offline: "留言", allWeek: "每周 7 天" },
};

async function routingFlow(browser, locale, artifacts) {
  const texts = TEXTS[locale];
  await withOwnServer(browser, [], async ({ person }) => {
    const problems = [];
    const admin = await person({ locale });
    forbidDialogs(admin, problems);
    await openAdminTab(admin, texts.tab);
    const routing = admin.locator("kefu-admin-routing");

    // A team with Bob only.
    await routing.locator("button.new-team").click();
    await routing.locator("form.team-form input[name=name]").fill("billing-desk");
    await routing.locator("form.team-form label", { hasText: "Bob Li" }).locator("input").check();
    await routing.locator("form.team-form button[type=submit]").click();
    await routing.locator("tr[data-team=billing-desk] td", { hasText: "Bob Li" }).waitFor();

    // A queue without a team is refused with the reason, and nothing is listed.
    await routing.locator("button.new-queue").click();
    const form = routing.locator("form.queue-form");
    await form.locator("input[name=name]").fill("billing");
    await form.locator("select[name=skill]").selectOption("billing");
    await form.locator("input[name=min_level]").fill("3");
    await form.locator("button[type=submit]").click();
    await routing.locator("p[role=alert]", { hasText: texts.missingTeam }).waitFor();
    assert.equal(await routing.locator("tr[data-queue]").count(), 0);
    await form.locator("select[name=team]").selectOption("billing-desk");
    await form.locator("button[type=submit]").click();
    await routing.locator("tr[data-queue=billing]").waitFor();

    // Business hours: a pasted holiday that is not a date is refused; then every day closed
    // (no spans), with holidays and a make-up working day pasted at once.
    await routing.locator("tr[data-team=billing-desk] button.edit-hours").click();
    const hours = routing.locator("form.hours-form");
    for (const day of ["mon", "tue", "wed", "thu", "fri"]) await hours.locator(`input[name=day_${day}]`).fill("");
    await hours.locator("textarea[name=holidays]").fill("2026-10-01, 2026/10/2\n2026-13-40");
    await hours.locator("button[type=submit]").click();
    await routing.locator("p[role=alert]", { hasText: texts.badDate }).waitFor();
    await hours.locator("textarea[name=holidays]").fill("2026-10-01, 2026/10/2\n2026年10月3日");
    await hours.locator("textarea[name=working_days]").fill("2026-09-27");
    await hours.locator("button[type=submit]").click();
    await routing.locator("tr[data-team=billing-desk] td.hours", { hasText: "Asia/Shanghai" }).waitFor();
    await shot(admin, artifacts, `admin-routing-${locale}`);

    // Bob and Alice online; the customer's chat goes to Bob, who has the skill.
    const bob = await person();
    await signIn(bob, { login: "bob", password: "bob-demo-pass" }, "/console");
    await goOnline(bob);
    const alice = await person();
    await signIn(alice, { login: "alice", password: "alice-demo-pass" }, "/console");
    await goOnline(alice);
    const customer = await person({ locale });
    await openWidget(customer);
    // Outside the team's hours the widget says so, with the week, and offers the message form.
    const notice = customer.locator("kefu-chat-widget kefu-widget-hours .closed");
    await notice.locator("strong", { hasText: texts.closed }).waitFor();
    await notice.locator("span", { hasText: texts.never }).waitFor();
    await notice.locator("td", { hasText: texts.saturday }).waitFor();
    await shot(customer, artifacts, `widget-closed-${locale}`);
    await notice.locator("button.leave-message").click();
    await customer.locator("kefu-chat-widget form.offline h2", { hasText: texts.offline }).waitFor();
    await customer.locator("kefu-chat-widget form.offline button.link[type=button]").click();
    // Written while closed, the chat waits: Bob is online with the skill and is not given it.
    await customerSays(customer, "My invoice shows the wrong amount");
    await bob.waitForTimeout(1500);
    assert.equal(await bob.locator("kefu-console aside li button", { hasText: "My invoice" }).count(), 0);
    // The team opens every day: the waiting chat goes to Bob at once, without a restart.
    await routing.locator("tr[data-team=billing-desk] button.edit-hours").click();
    for (const day of ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]) await hours.locator(`input[name=day_${day}]`).fill("00:00-24:00");
    await hours.locator("textarea[name=holidays]").fill("");
    await hours.locator("textarea[name=working_days]").fill("");
    await hours.locator("button[type=submit]").click();
    await routing.locator("tr[data-team=billing-desk] td.hours", { hasText: texts.allWeek }).waitFor();
    await bob.locator("kefu-console aside li button", { hasText: "My invoice shows the wrong amount" }).waitFor({ timeout: 15_000 });
    await alice.waitForTimeout(500);
    assert.equal(await alice.locator("kefu-console aside li button", { hasText: "My invoice" }).count(), 0);

    // Retired into general: the form says how many wait, the row says where they went.
    await routing.locator("tr[data-queue=billing] button", { hasText: texts.retire }).click();
    const retire = routing.locator("form.retire-form");
    await retire.locator("select[name=move_to]").selectOption("general");
    await retire.locator("button[type=submit]").click();
    await routing.locator("p[role=status]", { hasText: texts.retired }).waitFor();
    await routing.locator("tr[data-queue=billing].retired td", { hasText: "general" }).waitFor();
    assert.deepEqual(problems, []);
  });
}

export const tests = inEnglishAndChinese(
  "admin routing: a team and a skilled queue send the chat to the skilled agent",
  90_000,
  routingFlow,
);
