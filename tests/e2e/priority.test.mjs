// A conversation's priority (docs/protocol.md, "set_priority"), in both languages: Sam raises
// Alice's chat to VIP on the supervisor's list; the list keeps it (who set it in its title),
// Alice's console shows the VIP badge, and the clock of the conversation is now the VIP
// policy's. Each run on its own server.
import assert from "node:assert/strict";
import { inEnglishAndChinese } from "./lib/both_languages.mjs";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, customerSays, forbidDialogs, goOnline, openWidget, samSupervises, signIn, shot } from "./lib/people.mjs";

const TEXTS = {
  "en-US": { column: "Priority", set: /now has priority VIP/, badge: "VIP", by: "set by a supervisor", normal: "Normal" },
  "zh-CN": { column: "优先级", set: /优先级已设为VIP/, badge: "VIP", by: "由主管设置", normal: "普通" },
};

export const tests = inEnglishAndChinese("a supervisor raises a chat to VIP and every screen follows", 120_000, (browser, locale, artifacts) =>
  withOwnServer(browser, [], async ({ server, person }) => {
    const lang = TEXTS[locale];
    const problems = [];
    const alice = await person({ locale, viewport: { width: 1280, height: 800 } });
    forbidDialogs(alice, problems);
    await signIn(alice, ALICE, "/console");
    await goOnline(alice);
    const customer = await person();
    forbidDialogs(customer, problems);
    await openWidget(customer);
    await customerSays(customer, "Where is my oolong?");
    const item = alice.locator("kefu-console aside li button", { hasText: "Where is my oolong?" });
    await item.waitFor({ timeout: 15_000 });
    const id = await item.getAttribute("data-conversation-id");
    assert.equal(await item.locator(".priority").count(), 0); // a new customer: normal

    const sam = await samSupervises(person, problems, locale, { width: 1280, height: 800 });
    await sam.locator("kefu-monitor table.conversations th", { hasText: lang.column }).waitFor({ timeout: 15_000 });
    const select = sam.locator(`kefu-monitor table.conversations tr[data-conversation-id="${id}"] select.priority`);
    await select.waitFor({ timeout: 15_000 });
    assert.equal(await select.inputValue(), "normal");
    assert.equal((await select.locator("option:checked").textContent()).trim(), lang.normal);
    await select.selectOption("vip");
    await sam.locator("kefu-monitor [role=status]", { hasText: lang.set }).waitFor({ timeout: 10_000 });

    // The list keeps it over the next kpi frames, and says who set it.
    await sam.waitForTimeout(2500);
    assert.equal(await select.inputValue(), "vip");
    assert.equal(await select.getAttribute("title"), lang.by);

    // Alice's console shows the badge.
    await item.locator(".priority", { hasText: lang.badge }).waitFor({ timeout: 10_000 });

    // The conversation's clock is the VIP policy's, set by a supervisor.
    const clocks = await sam.request.get(new URL("/api/sla/clocks", server.url).href);
    assert.equal(clocks.status(), 200);
    const clock = (await clocks.json()).conversations.find((c) => String(c.conversation_id) === id);
    assert.equal(clock.priority, "vip");
    assert.equal(clock.priority_by, "supervisor");
    await shot(sam, artifacts, `supervisor-priority-${locale}`);
    assert.deepEqual(problems, []);
  }),
);
