// The shop's integrations in the admin console (issue 24): an admin creates an API key and a
// webhook subscription to a receiver started here, sends a test event, reads the delivery log
// and replays the delivery, which arrives again with the same webhook-id.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ADMIN, forbidDialogs, shot, signIn } from "./lib/people.mjs";


/** A receiver on 127.0.0.1 that answers 200 and keeps what it got. */
async function startReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ id: req.headers["webhook-id"], signature: req.headers["webhook-signature"], body });
      res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${server.address().port}/hooks`, received, close: () => server.close() };
}

async function until(check, what, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const tests = [
  {
    name: "webhooks: an admin creates a key and a webhook, sends a test event, reads the log and replays",
    timeoutMs: 90_000,
    run: async ({ browser, artifacts }) => {
      const receiver = await startReceiver();
      try {
        await withOwnServer(browser, ["--webhook-allow-network", "127.0.0.0/8", "--test-webhook-schedule", "100"], async ({ person }) => {
          const page = await person();
          const problems = [];
          forbidDialogs(page, problems);
          await signIn(page, ADMIN, "/supervisor");
          await page.goto("/admin#integrations");

          const keys = page.locator("kefu-api-keys");
          await keys.locator("input[name=name]").fill("ERP");
          await keys.locator("input[name=scope][value='webhooks:manage']").check();
          await keys.locator("form.create button[type=submit]").click();
          const key = (await keys.locator("code.key").textContent()).trim();
          assert.match(key, /^kefu\./);
          await keys.locator("button.done").click();

          const hooks = page.locator("kefu-webhooks");
          await hooks.locator("input[name=url]").fill(receiver.url);
          await hooks.locator("input[name=type][value='conversation.created']").check();
          await hooks.locator("form.create-hook button[type=submit]").click();
          const secret = (await hooks.locator("code.signing-secret").textContent()).trim();
          assert.match(secret, /^whsec_/);
          await hooks.locator("button.done").click();
          await hooks.locator("table.hooks td.url", { hasText: receiver.url }).waitFor();

          await hooks.locator("button.test").click();
          await until(() => receiver.received.length === 1, "the test event");
          assert.equal(JSON.parse(receiver.received[0].body).type, "webhook.test");
          assert.match(receiver.received[0].signature, /^v1,/);

          await hooks.locator("button.show-log").click();
          const row = hooks.locator("table.deliveries tbody tr").first();
          await until(async () => {
            await hooks.locator("button.refresh-log").click();
            return (await row.locator("td.delivery-state").textContent()).trim() === "delivered";
          }, "the delivery log to say delivered");
          assert.equal((await row.locator("td.delivery-status").textContent()).trim(), "200");
          await shot(page, artifacts, "webhooks-log");

          await row.locator("button.replay").click();
          await until(() => receiver.received.length === 2, "the replayed delivery");
          assert.equal(receiver.received[1].id, receiver.received[0].id);
          assert.deepEqual(problems, []);
        });
      } finally {
        receiver.close();
      }
    },
  },
];
