// The satisfaction survey and quality review across the three faces: an agent resolves, the
// customer rates in the widget (also after a reload), the supervisor sees the CSAT in the
// figures, reviews the conversation, and the agent reads the review comment in the console.
import assert from "node:assert/strict";
import { ALICE, SAM, customerSays, forbidDialogs, goOnline, openConversation, openWidget, searchUntilShown, shot, signIn } from "./lib/people.mjs";

const XSS = "<img src=x onerror=alert(1)>";
const REPLY = "Hello! I checked your parcel: it ships today. Have a nice day.";

export const tests = [
  {
    name: "the customer rates a resolved chat; the supervisor sees it and reviews; the agent reads the review",
    timeoutMs: 120_000,
    async run({ newPerson, artifacts }) {
      const problems = [];
      const supervisor = await (await newPerson({ viewport: { width: 1280, height: 1000 } })).newPage();
      forbidDialogs(supervisor, problems);
      await signIn(supervisor, SAM, "/supervisor");
      await supervisor.locator("kefu-supervisor .tile[data-kpi=csat] .value").waitFor({ timeout: 15_000 });

      const agent = await (await newPerson({ viewport: { width: 1280, height: 900 } })).newPage();
      forbidDialogs(agent, problems);
      await signIn(agent, ALICE, "/console");
      await goOnline(agent);

      const customer = await (await newPerson()).newPage();
      forbidDialogs(customer, problems);
      await openWidget(customer);
      await customerSays(customer, "My parcel for the quality check has not arrived");

      await openConversation(agent, "quality check");
      const reply = agent.locator("kefu-console .composer textarea");
      await reply.fill(REPLY);
      await reply.press("Enter");
      await customer.locator("kefu-chat-widget .msg .bubble", { hasText: "it ships today" }).waitFor({ timeout: 10_000 });
      await agent.locator("kefu-console button.resolve").click();

      // The survey appears at the end of the chat, and again after a reload.
      const form = customer.locator("kefu-chat-widget form.csat");
      await form.waitFor({ timeout: 10_000 });
      assert.match(await form.textContent(), /Alice Chen/);
      await customer.reload();
      await customer.locator("kefu-chat-widget .panel").waitFor({ timeout: 10_000 }); // stays open (issue 20)
      await form.waitFor({ timeout: 10_000 });

      // Keyboard only: Tab to the stars, arrows to five, a comment, Enter on the button.
      await customer.locator('kefu-chat-widget .star[data-rating="1"]').focus();
      for (let i = 0; i < 4; i += 1) await customer.keyboard.press("ArrowRight");
      assert.equal(await customer.locator('kefu-chat-widget .star[data-rating="5"]').getAttribute("aria-checked"), "true");
      assert.equal(await customer.locator("kefu-chat-widget .star.on").count(), 5);
      await customer.locator("kefu-chat-widget .csat-comment textarea").fill(`Quick and kind ${XSS}`);
      await shot(customer, artifacts, "widget-csat-en");
      await customer.locator("kefu-chat-widget form.csat button[type=submit]").focus();
      await customer.keyboard.press("Enter");
      await customer.locator("kefu-chat-widget .csat.thanks").waitFor({ timeout: 10_000 });
      // Rated: a reload does not ask again.
      await customer.reload();
      await customer.locator("kefu-chat-widget .panel").waitFor({ timeout: 10_000 }); // stays open (issue 20)
      await customer.locator("kefu-chat-widget .msg .bubble", { hasText: "it ships today" }).waitFor({ timeout: 10_000 });
      await customer.waitForTimeout(1000);
      assert.equal(await customer.locator("kefu-chat-widget form.csat").count(), 0);

      // The live CSAT tile counts the rating.
      await supervisor
        .locator("kefu-supervisor .tile[data-kpi=csat] .value", { hasText: /^100 %$/ })
        .waitFor({ timeout: 15_000 });

      // The review screen: the conversation with its automatic score and the customer's rating.
      const quality = supervisor.locator("kefu-supervisor kefu-quality-review");
      const row = quality.locator("table.scored tbody tr", { has: supervisor.locator("td.csat", { hasText: "5 / 5" }) });
      await searchUntilShown(quality.locator("form.filters button[type=submit]"), row);
      assert.match(await row.locator("td.auto-score").textContent(), /\d/);
      await row.locator("button.open").click();
      const detail = quality.locator(".detail-card");
      await detail.locator(".transcript .line", { hasText: "it ships today" }).waitFor({ timeout: 10_000 });
      await detail.locator(".survey", { hasText: XSS }).waitFor();
      assert.ok((await detail.locator("table.breakdown tbody tr").count()) >= 7);
      for (const [name, mark] of [["accuracy", "100"], ["resolution", "50"], ["tone", "100"], ["process", "0"]]) {
        await detail.locator(`form.review input[name=${name}]`).fill(mark);
      }
      await detail.locator("form.review textarea").fill(`Say the order number back ${XSS}`);
      await detail.locator("form.review button.submit-review").click();
      await detail.locator(".ok", { hasText: "72.5" }).waitFor({ timeout: 10_000 });
      const calibrated = quality.locator("section.calibration tbody tr", { hasText: "Alice Chen" });
      await calibrated.waitFor({ timeout: 10_000 });
      assert.match(await calibrated.locator(".review-mean").textContent(), /72\.5/);
      await shot(supervisor, artifacts, "supervisor-quality-en");

      // The agent reads the comment in the console.
      await agent.locator("kefu-console kefu-my-reviews summary").click();
      const comment = agent.locator("kefu-console kefu-my-reviews .comment", { hasText: `Say the order number back ${XSS}` });
      await comment.waitFor({ timeout: 10_000 });
      await shot(agent, artifacts, "console-my-reviews-en");

      // Chinese on the review screen.
      await supervisor.locator("kefu-supervisor .topbar button", { hasText: "中文" }).click();
      await quality.locator("h2", { hasText: "质检评审" }).waitFor();
      await quality.locator("section.calibration h2", { hasText: "评分校准" }).waitFor();
      await shot(supervisor, artifacts, "supervisor-quality-zh");
      assert.deepEqual(problems, []);
    },
  },
];
