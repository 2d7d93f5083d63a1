// The admin console from an empty database: the first admin signs up through the setup link
// `kefu serve` prints, invites an agent, the agent accepts the one-time link, signs in and
// lands on the console; an agent opening /admin or /supervisor is sent to the console.
import assert from "node:assert/strict";
import { startKefu } from "./lib/kefu_server.mjs";
import { forbidDialogs, shot, signIn } from "./lib/people.mjs";

const TEXTS = {
  "en-US": { setupDone: "The administrator was created", staff: "Staff", invite: "Invite a staff member", saved: "Your password is saved", invited: "Invited", weak: "Password refused", deactivate: "Deactivate", deactivated: "Deactivated" },
  "zh-CN": { setupDone: "管理员已创建", staff: "员工", invite: "邀请员工", saved: "密码已保存", invited: "已邀请", weak: "密码未被接受", deactivate: "停用", deactivated: "已停用" },
};
const ADMIN = { login: "owner", password: "Tr4vel-Lamp-Orbit" };

async function firstRun(browser, locale, artifacts) {
  const texts = TEXTS[locale];
  const server = await startKefu({ empty: true });
  const contexts = [];
  const person = async () => {
    const context = await browser.newContext({ baseURL: server.url, locale });
    contexts.push(context);
    const page = await context.newPage();
    page.on("dialog", (dialog) => dialog.accept());
    return page;
  };
  const problems = [];
  try {
    // The first admin, through the link on stdout.
    const admin = await person();
    admin.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await admin.goto(await server.setupUrl());
    // The token leaves the address bar at once.
    await admin.waitForURL((u) => u.pathname === "/setup" && !u.search.includes("token"));
    const setup = admin.locator("kefu-account-setup");
    await setup.locator("input[name=login]").fill(ADMIN.login);
    await setup.locator("input[name=name]").fill("Shop Owner");
    await setup.locator("input[name=password]").fill("Administrators");
    await setup.locator("input[name=confirm]").fill("Administrators");
    await setup.locator("button[type=submit]").click();
    await setup.locator("p.error", { hasText: texts.weak }).waitFor();
    await setup.locator("input[name=password]").fill(ADMIN.password);
    await setup.locator("input[name=confirm]").fill(ADMIN.password);
    await setup.locator("button[type=submit]").click();
    await setup.locator("p", { hasText: texts.setupDone }).waitFor();
    await signIn(admin, ADMIN, "/supervisor");

    // From the supervisor screen to the admin console; the admin invites an agent and gets the
    // one-time link.
    await admin.locator("kefu-supervisor a.admin-link").click();
    await admin.waitForURL((u) => u.pathname === "/admin");
    const staff = admin.locator("kefu-admin-staff");
    await staff.locator("h2", { hasText: texts.staff }).waitFor();
    await staff.locator("button", { hasText: texts.invite }).click();
    await staff.locator("input[name=login]").fill("dana");
    await staff.locator("input[name=name]").fill("Dana Diaz");
    await staff.locator("input[name=skills]").fill("orders:4, returns:2");
    await staff.locator("input[name=languages]").fill("en, zh");
    await staff.locator("form button[type=submit]").click();
    const link = (await staff.locator("code.one-time-link").textContent()).trim();
    assert.match(link, new RegExp(`^${server.url}/invitation\\?token=[A-Za-z0-9_-]{43}$`));
    await staff.locator("tr[data-login=dana] td", { hasText: texts.invited }).waitFor();
    await shot(admin, artifacts, `admin-staff-${locale}`);

    // The agent accepts, signs in and lands on the console.
    const agent = await person();
    forbidDialogs(agent, problems);
    await agent.goto(link);
    const accept = agent.locator("kefu-account-setup");
    await accept.locator("p", { hasText: "dana" }).waitFor();
    await accept.locator("input[name=password]").fill("Quiet-Harbour-Lantern");
    await accept.locator("input[name=confirm]").fill("Quiet-Harbour-Lantern");
    await accept.locator("button[type=submit]").click();
    await accept.locator("p", { hasText: texts.saved }).waitFor();
    await signIn(agent, { login: "dana", password: "Quiet-Harbour-Lantern" }, "/console");
    await agent.locator("kefu-console").waitFor();

    // An agent is never shown the admin or supervisor shell.
    await agent.goto("/admin");
    await agent.waitForURL((u) => u.pathname === "/console");
    await agent.goto("/supervisor");
    await agent.waitForURL((u) => u.pathname === "/console");
    assert.equal(await agent.locator("kefu-admin-staff").count(), 0);

    // Deactivated (after the confirmation): the agent's session ends and the console sends
    // them to sign in.
    await staff.locator("tr[data-login=dana] button", { hasText: texts.deactivate }).click();
    await staff.locator("tr[data-login=dana] td", { hasText: texts.deactivated }).waitFor();
    await agent.goto("/console");
    await agent.waitForURL((u) => u.pathname === "/login", { timeout: 15_000 });

    // Reactivated: a new one-time link lets them choose a password again.
    await staff.locator("tr[data-login=dana] button.reactivate").click();
    await staff.locator("code.one-time-link").waitFor();
    await staff.locator("tr[data-login=dana] td", { hasText: texts.deactivated }).waitFor({ state: "detached" });

    // The used link is refused.
    const again = await person();
    await again.goto(link);
    await again.locator("kefu-account-setup p[role=alert]").waitFor();
    assert.deepEqual(problems, []);
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await server.stop().catch(() => {});
  }
}

export const tests = [
  {
    name: "admin: first run in English: setup link, invitation, the agent lands on the console",
    timeoutMs: 90_000,
    run: ({ browser, artifacts }) => firstRun(browser, "en-US", artifacts),
  },
  {
    name: "admin: first run in Chinese: setup link, invitation, the agent lands on the console",
    timeoutMs: 90_000,
    run: ({ browser, artifacts }) => firstRun(browser, "zh-CN", artifacts),
  },
];
