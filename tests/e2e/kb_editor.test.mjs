// An admin writes a knowledge-base article in the editor; a customer then finds it in the widget.
import assert from "node:assert/strict";
import { ADMIN, forbidDialogs, openWidget, shot, signIn } from "./lib/people.mjs";


export const tests = [
  {
    name: "an admin's new article shows up in the widget's search",
    timeoutMs: 90_000,
    async run({ newPerson, artifacts }) {
      const problems = [];
      const admin = await (await newPerson({ viewport: { width: 1280, height: 900 } })).newPage();
      forbidDialogs(admin, problems);
      await signIn(admin, ADMIN, "/supervisor");
      // Admins reach the editor from the supervisor screen's top bar.
      await admin.locator("kefu-supervisor a.kb-link").click();
      await admin.waitForURL("**/kb");
      const editor = admin.locator("kefu-kb-editor");
      await editor.locator("ul.articles li").first().waitFor({ timeout: 15_000 });  // the demo articles

      // A title the rules reject is caught before anything is sent.
      await editor.locator("button.new").click();
      await editor.locator("button.save").click();
      await editor.locator(".problem").waitFor();
      assert.equal(await editor.locator("input[name=title].invalid").count(), 1);

      await editor.locator("input[name=title]").fill("Zebra blanket care");
      await editor.locator("select[name=locale]").selectOption("en");
      await editor.locator("select[name=status]").selectOption("published");
      await editor.locator("input[name=tags]").fill("care, blankets");
      await editor
        .locator("textarea[name=body]")
        .fill('# Washing\n\nWash the **zebra blanket** cold. <img src=x onerror="alert(1)">\n\n- no tumble dryer\n- dry flat');
      // The preview renders Markdown, and the HTML in it as text.
      await editor.locator(".preview strong", { hasText: "zebra blanket" }).waitFor();
      assert.equal(await editor.locator(".preview img").count(), 0);
      assert.match(await editor.locator(".preview").textContent(), /<img src=x onerror="alert\(1\)">/);
      const saved = admin.waitForResponse((r) => r.url().endsWith("/api/kb/articles") && r.request().method() === "POST");
      await editor.locator("button.save").click();
      assert.equal((await saved).status(), 201);
      await editor.locator(".saved").waitFor();
      await editor.locator("ul.articles li button", { hasText: "Zebra blanket care" }).waitFor();
      await shot(admin, artifacts, "kb-editor-en");

      // A customer typing finds it at once.
      const customer = await (await newPerson()).newPage();
      forbidDialogs(customer, problems);
      await openWidget(customer);
      await customer.locator("kefu-chat-widget .composer textarea").fill("how do I wash my zebra blanket");
      const found = customer
        .locator("kefu-chat-widget .kb .kb-articles li, kefu-chat-widget .kb .kb-answer", { hasText: "Zebra blanket care" })
        .first();
      await found.waitFor({ timeout: 15_000 });
      // What it shows of the article is text: no Markdown marks, and the HTML as typed.
      assert.doesNotMatch(await found.textContent(), /\*\*|^#/m);
      await shot(customer, artifacts, "widget-finds-new-article");

      // The editor in Chinese.
      await editor.locator(".topbar button", { hasText: "中文" }).click();
      await editor.locator("button.new", { hasText: "新建文章" }).waitFor();
      assert.deepEqual(problems, []);
    },
  },
  {
    name: "an admin adds a synonym group in the editor and removes it",
    timeoutMs: 90_000,
    async run({ newPerson, artifacts }) {
      const problems = [];
      const admin = await (await newPerson({ viewport: { width: 1280, height: 900 } })).newPage();
      forbidDialogs(admin, problems);
      await signIn(admin, ADMIN, "/supervisor");
      await admin.locator("kefu-supervisor a.kb-link").click();
      await admin.waitForURL("**/kb");
      const editor = admin.locator("kefu-kb-editor");
      const panel = editor.locator("section.synonyms");
      await panel.waitFor({ timeout: 15_000 });
      // One word is not a group: refused on the page, nothing sent.
      await panel.locator("input[name=synonyms]").fill("手提袋");
      await panel.locator("form.add-synonyms button").click();
      await panel.locator(".synonym-problem").waitFor();
      assert.equal(await panel.locator("ul.synonym-groups li").count(), 0);

      await panel.locator("input[name=synonyms]").fill("手提袋，紙袋");
      const added = admin.waitForResponse((r) => r.url().endsWith("/api/kb/synonyms") && r.request().method() === "POST");
      await panel.locator("form.add-synonyms button").click();
      assert.equal((await added).status(), 201);
      const group = panel.locator("ul.synonym-groups li", { hasText: "手提袋 / 紙袋" });
      await group.waitFor();
      await shot(admin, artifacts, "kb-editor-synonyms");

      const removed = admin.waitForResponse((r) => /\/api\/kb\/synonyms\/\d+$/.test(r.url()) && r.request().method() === "DELETE");
      await group.locator("button.remove-synonyms").click();
      assert.equal((await removed).status(), 204);
      await group.waitFor({ state: "detached" });
      assert.deepEqual(problems, []);
    },
  },
  {
    name: "an admin sees a customer's question learned on the article and removes it",
    timeoutMs: 90_000,
    async run({ server, newPerson, artifacts }) {
      const problems = [];
      // A visitor searches, and says the first article shown helped: their question is learned.
      const question = "<b>发票</b>能开公司抬头吗";
      const post = (path, body, token) =>
        fetch(`${server.url}${path}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Origin: server.url, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
      const { token } = await (await post("/api/widget/visitor", {})).json();
      const found = await (
        await fetch(`${server.url}/api/kb/search?q=${encodeURIComponent(question)}`, { headers: { Authorization: `Bearer ${token}` } })
      ).json();
      assert.ok(found.articles.length > 0);
      const article = found.articles[0];
      assert.equal((await post("/api/kb/feedback", { article_id: article.id, helped: true }, token)).status, 204);

      const admin = await (await newPerson({ viewport: { width: 1280, height: 900 } })).newPage();
      forbidDialogs(admin, problems);
      await signIn(admin, ADMIN, "/supervisor");
      await admin.goto("/kb");
      const editor = admin.locator("kefu-kb-editor");
      await editor.locator(`ul.articles li[data-article-id="${article.id}"] button`).click();
      const panel = editor.locator("section.learned");
      const row = panel.locator("ul.learned-questions li", { hasText: question });
      await row.waitFor({ timeout: 15_000 });
      // The customer's words are text: the HTML in them is shown, never made.
      assert.equal(await panel.locator("b").count(), 0);
      assert.match(await row.locator(".badge").textContent(), /customer · 0\.50/);
      await shot(admin, artifacts, "kb-editor-learned");

      // In Chinese too.
      await editor.locator(".topbar button", { hasText: "中文" }).click();
      await panel.locator("h2", { hasText: "学到的问题" }).waitFor();
      await row.locator(".badge", { hasText: "顾客" }).waitFor();

      const removed = admin.waitForResponse((r) => /\/api\/kb\/articles\/\d+\/learned\/\d+$/.test(r.url()) && r.request().method() === "DELETE");
      await row.locator("button.remove-learned").click();
      assert.equal((await removed).status(), 204);
      await row.waitFor({ state: "detached" });
      await panel.locator(".learned-empty").waitFor();
      // Gone on the server too.
      const listed = await admin.evaluate(async (id) => (await fetch(`/api/kb/articles/${id}/learned`)).json(), article.id);
      assert.deepEqual(listed.learned, []);
      assert.deepEqual(problems, []);
    },
  },
];
