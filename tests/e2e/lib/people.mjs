// Steps that several tests share: an agent signing in, a customer opening the widget.
import { join } from "node:path";

export const ALICE = { login: "alice", password: "alice-demo-pass" };
export const SAM = { login: "sam", password: "sam-demo-pass" };
export const ADMIN = { login: "admin", password: "admin-demo-pass" };
export const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Fails the test if the page ever opens a dialog (an XSS payload running would). */
export function forbidDialogs(page, problems) {
  page.on("dialog", async (dialog) => {
    problems.push(`unexpected dialog: ${dialog.type()} ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
}

/** Signs in through /login and waits for the page the role lands on. */
export async function signIn(page, who, landing) {
  await page.goto("/login");
  await page.locator("kefu-login input[name=login]").fill(who.login);
  await page.locator("kefu-login input[name=password]").fill(who.password);
  await page.locator("kefu-login button[type=submit]").click();
  await page.waitForURL((u) => u.pathname === landing);
}

/**
 * Signs the demo admin in and opens the admin console on one tab: `tab` is the tab button's
 * text in the page's language, or a "#hash" the console opens on.
 */
export async function openAdminTab(page, tab) {
  await signIn(page, ADMIN, "/supervisor");
  if (tab.startsWith("#")) {
    await page.goto(`/admin${tab}`);
    return;
  }
  await page.goto("/admin");
  await page.locator("kefu-admin nav button", { hasText: tab }).click();
}

/** Puts the signed-in agent's console online (status select). */
export async function goOnline(page) {
  const select = page.locator("kefu-console select.status");
  await select.waitFor();
  await page.waitForFunction(() => {
    const el = document.querySelector("kefu-console")?.shadowRoot?.querySelector("select.status");
    return el && !el.disabled;
  });
  if ((await select.inputValue()) !== "online") await select.selectOption("online");
  await page.waitForFunction(
    () => document.querySelector("kefu-console")?.shadowRoot?.querySelector("select.status")?.value === "online",
  );
}

/** Opens the widget on the demo shop page. */
export async function openWidget(page) {
  await page.goto("/demo");
  await page.locator("kefu-chat-widget .launcher").click();
  await page.locator("kefu-chat-widget textarea").first().waitFor();
}

/** Writes a message in the widget and waits until the server acknowledged it. */
export async function customerSays(page, text) {
  await page.locator("kefu-chat-widget .composer textarea").fill(text);
  await page.locator("kefu-chat-widget .composer textarea").press("Enter");
  await page
    .locator("kefu-chat-widget .msg.mine:not(.pending) .bubble", { hasText: text })
    .last()
    .waitFor({ timeout: 10_000 });
}

// Opens the agent's conversation whose row shows `which` (a text or a RegExp of the live list's
// rows, or the locator of the row to click, e.g. an inbox result or a row by its
// data-conversation-id) and waits until that row is the open one (aria-current="true"). The list
// can move under the pointer between Playwright's aim and its click (a notice banner, the inbox's
// counts or another conversation arriving above): then the click opened the wrong row, or none,
// and it is clicked again, at most three times.
export async function openConversation(page, which, timeout = 15_000) {
  const row =
    typeof which === "string" || which instanceof RegExp
      ? page.locator("kefu-console aside li button", { hasText: which }).first()
      : which;
  await clickUntil(page, row, row, "aria-current", `the conversation ${which}`, timeout);
}

// The supervisor watches the conversation of `row` (a row of kefu-monitor's table of
// conversations): clicks its "open" button until the row is the watched one (aria-selected),
// at most three times, as openConversation does.
export async function watchConversation(page, row, timeout = 15_000) {
  await clickUntil(page, row.locator("button.open"), row, "aria-selected", `the conversation ${row}`, timeout);
}

// Clicks `target` until `row`'s `attribute` says "true", at most three times (two seconds each).
async function clickUntil(page, target, row, attribute, what, timeout) {
  for (let attempt = 1; ; attempt += 1) {
    await target.click({ timeout });
    const until = Date.now() + 2_000;
    while (Date.now() < until) {
      if ((await row.getAttribute(attribute, { timeout })) === "true") return;
      await page.waitForTimeout(50);
    }
    if (attempt === 3) throw new Error(`${what} did not open after three clicks`);
  }
}

// Presses `submit` (a search form's button) until `row` shows, for at most `timeout`: for a
// list the server fills in the background (a quality score written after a resolution), whose
// page does not refresh by itself.
export async function searchUntilShown(submit, row, timeout = 15_000) {
  const until = Date.now() + timeout;
  for (;;) {
    await submit.click();
    try {
      await row.waitFor({ timeout: 1_000 });
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
    }
  }
}

export function shot(page, artifacts, name) {
  return page.screenshot({ path: join(artifacts, `${name}.png`) });
}

// Alice (in `locale`) online in the console and a new customer who asked `question`, once it is
// in her list: the start of every test of the supervisor's screen. Both pages report dialogs to
// `problems`.
export async function aliceServesACustomer(person, problems, locale, question) {
  const agent = await person({ locale });
  forbidDialogs(agent, problems);
  await signIn(agent, ALICE, "/console");
  await goOnline(agent);
  const customer = await person();
  forbidDialogs(customer, problems);
  await openWidget(customer);
  await customerSays(customer, question);
  await agent.locator("kefu-console aside li button", { hasText: question }).waitFor({ timeout: 15_000 });
  return { agent, customer };
}

// Sam, the demo supervisor, on /supervisor in `locale` at `viewport`.
export async function samSupervises(person, problems, locale, viewport) {
  const supervisor = await person({ locale, viewport });
  forbidDialogs(supervisor, problems);
  await signIn(supervisor, SAM, "/supervisor");
  return supervisor;
}
