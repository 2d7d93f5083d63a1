// A scripted short day: two agents and four customers go through arrivals, a reply and a
// resolution with a rating, a supervisor's reassignment, an abandonment and a chat answered
// after a wait. The test keeps its own transcript of what happened and checks the supervisor's
// figures against it in both languages: the live queue and agent tables, each figure's list of
// conversations, today's history (per queue and agent), the KPI CSV and the per-conversation CSV.
import assert from "node:assert/strict";
import { join } from "node:path";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, SAM, customerSays, forbidDialogs, goOnline, openConversation, openWidget, signIn, watchConversation } from "./lib/people.mjs";

const BOB = { login: "bob", password: "bob-demo-pass" };

/** The conversation ids a figure's list shows, sorted. */
async function listed(page) {
  await page.locator("kefu-figure-list p.summary").waitFor({ timeout: 10_000 });
  const ids = await page.locator("kefu-figure-list table.figure-rows tbody tr").evaluateAll((rows) => rows.map((r) => Number(r.dataset.conversation)));
  return ids.sort((a, b) => a - b);
}

async function openFigure(page, locator) {
  // The click drops the last figure's list at once and asks for the new one: once its answer is
  // in, the summary that shows is the new figure's.
  const answered = page.waitForResponse((r) => r.url().includes("/api/reports/figure?"), { timeout: 10_000 });
  await locator.click();
  await answered;
  return listed(page);
}

/** A CSV's rows as objects by header name (no quoted commas in these files' checked fields). */
function rowsOf(csv) {
  const [head, ...lines] = csv.trim().split("\r\n");
  const names = head.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [names[i], v])));
}

export const tests = [
  {
    name: "a scripted day: the supervisor's figures match the transcript (en-US and zh-CN)",
    timeoutMs: 240_000,
    async run({ browser, artifacts }) {
      await withOwnServer(browser, ["--abandon-grace", "1"], async ({ person }) => {
        const problems = [];
        const transcript = { offered: [], answered: [], abandoned: [], resolvedBy: {}, ratings: {} };
        const alice = await person({ viewport: { width: 1280, height: 800 } });
        forbidDialogs(alice, problems);
        await signIn(alice, ALICE, "/console");
        await goOnline(alice);
        const bob = await person({ viewport: { width: 1280, height: 800 } });
        forbidDialogs(bob, problems);
        await signIn(bob, BOB, "/console");
        await goOnline(bob);
        await bob.locator("kefu-console select.status").selectOption("away");

        // 1: answered by Alice, replied, resolved, rated 5.
        const c1 = await person();
        forbidDialogs(c1, problems);
        await openWidget(c1);
        await customerSays(c1, "Day one: where is my order?");
        transcript.offered.push(1);
        await openConversation(alice, "Day one");
        transcript.answered.push(1);
        await alice.locator("kefu-console .composer textarea").fill("It left the warehouse this morning.");
        await alice.locator("kefu-console .composer textarea").press("Enter");
        await c1.locator("kefu-chat-widget .msg .bubble", { hasText: "warehouse" }).waitFor({ timeout: 10_000 });
        await alice.locator("kefu-console button.resolve").click();
        transcript.resolvedBy[1] = "Alice Chen";
        await c1.locator("kefu-chat-widget form.csat").waitFor({ timeout: 10_000 });
        await c1.locator('kefu-chat-widget .star[data-rating="5"]').click();
        await c1.locator("kefu-chat-widget form.csat button[type=submit]").click();
        await c1.locator("kefu-chat-widget .csat.thanks").waitFor({ timeout: 10_000 });
        transcript.ratings[1] = 5;

        // 2: answered by Alice, who replies; the supervisor reassigns it to Bob, who resolves it.
        const c2 = await person();
        forbidDialogs(c2, problems);
        await openWidget(c2);
        await customerSays(c2, "Day two: can I change the size?");
        transcript.offered.push(2);
        await openConversation(alice, "Day two");
        transcript.answered.push(2);
        await alice.locator("kefu-console .composer textarea").fill("Yes, which size would you like?");
        await alice.locator("kefu-console .composer textarea").press("Enter");
        await c2.locator("kefu-chat-widget .msg .bubble", { hasText: "which size" }).waitFor({ timeout: 10_000 });
        await bob.locator("kefu-console select.status").selectOption("online");
        const sam = await person({ viewport: { width: 1024, height: 768 } });
        forbidDialogs(sam, problems);
        await signIn(sam, SAM, "/supervisor");
        await watchConversation(sam, sam.locator("kefu-monitor table.conversations tbody tr", { hasText: "Alice Chen" }));
        await sam.locator("kefu-monitor form.reassign select option[value='agent:2']").waitFor({ state: "attached", timeout: 10_000 });
        await sam.locator("kefu-monitor form.reassign select").selectOption("agent:2");
        await sam.locator("kefu-monitor form.reassign button[type=submit]").click();
        await alice.locator("kefu-console .notice.info", { hasText: /reassigned your conversation/ }).waitFor({ timeout: 10_000 });
        await openConversation(bob, /Day two|which size/);
        await bob.locator("kefu-console .composer textarea").fill("Medium is on its way.");
        await bob.locator("kefu-console .composer textarea").press("Enter");
        await bob.locator("kefu-console button.resolve").click();
        transcript.resolvedBy[2] = "Bob Li";

        // Both agents step away. 3: waits and leaves (abandoned after the 1 s grace).
        await alice.locator("kefu-console select.status").selectOption("away");
        await bob.locator("kefu-console select.status").selectOption("away");
        const c3 = await person();
        forbidDialogs(c3, problems);
        await openWidget(c3);
        await customerSays(c3, "Day three: hello?");
        transcript.offered.push(3);
        await c3.close();
        transcript.abandoned.push(3);
        // 4: waits until Alice is back, then she answers.
        const c4 = await person();
        forbidDialogs(c4, problems);
        await openWidget(c4);
        await customerSays(c4, "Day four: do you gift wrap?");
        transcript.offered.push(4);
        await sam.locator("kefu-supervisor table.queues tr[data-queue=general] button.drill[data-figure=abandoned]", { hasText: /^1$/ }).waitFor({ timeout: 15_000 });
        await alice.locator("kefu-console select.status").selectOption("online");
        await openConversation(alice, "Day four");
        transcript.answered.push(4);
        await alice.locator("kefu-console .composer textarea").fill("We do, for free.");
        await alice.locator("kefu-console .composer textarea").press("Enter");
        await c4.locator("kefu-chat-widget .msg .bubble", { hasText: "for free" }).waitFor({ timeout: 10_000 });

        // The supervisor's figures, in both languages, against the transcript.
        const sorted = (list) => [...list].sort((a, b) => a - b);
        const resolved = Object.keys(transcript.resolvedBy).map(Number);
        for (const locale of ["en-US", "zh-CN"]) {
          const page = await person({ locale, viewport: { width: 1024, height: 768 } });
          forbidDialogs(page, problems);
          await signIn(page, SAM, "/supervisor");
          const queue = page.locator("kefu-supervisor table.queues tr[data-queue=general]");
          await queue.locator("button.drill[data-figure=answered]", { hasText: new RegExp(`^${transcript.answered.length}$`) }).waitFor({ timeout: 15_000 });
          await queue.locator("button.drill[data-figure=abandoned]", { hasText: new RegExp(`^${transcript.abandoned.length}$`) }).waitFor();
          assert.deepEqual(await openFigure(page, queue.locator("button.drill[data-figure=answered]")), sorted(transcript.answered));
          assert.deepEqual(await openFigure(page, queue.locator("button.drill[data-figure=abandoned]")), sorted(transcript.abandoned));
          // Service level: the tile is the list's counted share, and the list holds every answered chat.
          const sl = await openFigure(page, page.locator("kefu-supervisor .tile[data-kpi=service_level] button.drill"));
          for (const id of transcript.answered) assert.ok(sl.includes(id), `service level list misses ${id}`);
          const counted = Number(await page.locator("kefu-figure-list p.summary").getAttribute("data-counted"));
          const tile = (await page.locator("kefu-supervisor .tile[data-kpi=service_level] button.drill").innerText()).replace(/\s/g, "");
          assert.equal(tile, `${Math.round((counted / sl.length) * 1000) / 10}%`);
          // CSAT: one rating of 5.
          assert.deepEqual(await openFigure(page, page.locator("kefu-supervisor .tile[data-kpi=csat] button.drill")), [1]);
          assert.match(await page.locator("kefu-figure-list tbody tr td").nth(5).innerText(), /^5$/);
          // Handled per agent: Alice resolved 1, Bob resolved 2.
          for (const [id, name] of [[1, "Alice Chen"], [2, "Bob Li"]]) {
            const mine = resolved.filter((c) => transcript.resolvedBy[c] === name);
            const cell = page.locator(`kefu-supervisor table.agents tr[data-agent='${id}'] button.drill[data-figure=handle_time_ms]`);
            await cell.filter({ hasText: new RegExp(`^${mine.length}$`) }).waitFor({ timeout: 10_000 });
            assert.deepEqual(await openFigure(page, cell), mine);
          }
          // Today's history: the same counts, per queue and per agent.
          await page.locator("kefu-supervisor form.range button[type=submit]").click();
          const total = page.locator("kefu-supervisor table.report tr[data-group=total]");
          await total.locator("button.drill[data-figure=answered]", { hasText: new RegExp(`^${transcript.answered.length}$`) }).waitFor({ timeout: 10_000 });
          await total.locator("button.drill[data-figure=abandoned]", { hasText: new RegExp(`^${transcript.abandoned.length}$`) }).waitFor();
          assert.deepEqual(await openFigure(page, total.locator("button.drill[data-figure=answered]")), sorted(transcript.answered));
          await page.locator("kefu-supervisor table.report tr[data-group=agent] td", { hasText: "Bob Li" }).waitFor();
          // The KPI CSV and the per-conversation CSV say the same.
          const kpi = rowsOf(await page.evaluate(async (url) => (await fetch(url)).text(), await page.locator("kefu-supervisor a.csv").getAttribute("href")));
          const all = kpi.find((r) => r.dimension === "total");
          assert.equal(Number(all.offered), transcript.offered.length);
          assert.equal(Number(all.answered), transcript.answered.length);
          assert.equal(Number(all.abandoned), transcript.abandoned.length);
          assert.equal(Number(all.ratings), 1);
          assert.equal(Number(all.ratings_good), 1);
          assert.equal(Number(all.resolved), resolved.length);
          for (const name of ["Alice Chen", "Bob Li"]) {
            const row = kpi.find((r) => r.dimension === "agent" && r.name === name);
            assert.equal(Number(row.handled), resolved.filter((c) => transcript.resolvedBy[c] === name).length, name);
          }
          const perConversation = rowsOf(await page.evaluate(async (url) => (await fetch(url)).text(), await page.locator("kefu-supervisor a.conversations-csv").getAttribute("href")));
          assert.equal(perConversation.length, transcript.offered.length);
          const byId = Object.fromEntries(perConversation.map((r) => [Number(r.conversation_id), r]));
          assert.equal(byId[2].agent, "Bob Li");
          assert.equal(byId[2].transfers, "1");
          assert.equal(byId[1].csat, "5");
          assert.notEqual(byId[3].abandoned_at, "");
          assert.equal(byId[4].resolved_at, "");
          await page.screenshot({ path: join(artifacts, `supervisor-day-${locale}.png`), fullPage: true });
        }
        assert.deepEqual(problems, []);
      });
    },
  },
];
