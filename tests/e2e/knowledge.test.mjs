// Knowledge in the widget (issue 20): a suggested article opens in full with its Markdown
// rendered safely (headings, lists, emphasis, safe links; raw HTML and script links shown as
// text), in English and in Chinese; links in chat messages are clickable the same safe way in
// the widget and in the console. Runs its own server.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ADMIN, ALICE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, shot, signIn } from "./lib/people.mjs";


/** Creates published articles as the signed-in admin (the page's own origin). */
async function publish(page, articles) {
  for (const article of articles) {
    const status = await page.evaluate(async (body) => {
      const r = await fetch("/api/kb/articles", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      return r.status;
    }, { ...article, status: "published" });
    assert.equal(status, 201);
  }
}

const HOSTILE_BODY = [
  "# Folding the zebrafold blanket",
  "",
  "Fold the **zebrafold** blanket *twice*, then:",
  "",
  "- roll it from the short side",
  "- tie it with the ribbon <script>alert('list')</script>",
  "",
  "1. First step",
  "2. Second step",
  "",
  "See [the care guide](https://shop.example/care) or [this](javascript:alert(1)).",
  "",
  "<img src=x onerror=alert(2)>",
].join("\n");

/** The widget's open article: what a customer sees, and the links it holds. */
async function articleView(page) {
  return page.locator("kefu-chat-widget").evaluate((el) => {
    const root = el.shadowRoot.querySelector(".kb-article");
    return {
      text: root.textContent,
      headings: [...root.querySelectorAll(".markdown h1, .markdown h2")].map((h) => h.textContent),
      items: root.querySelectorAll(".markdown li").length,
      strong: [...root.querySelectorAll(".markdown strong")].map((s) => s.textContent),
      em: [...root.querySelectorAll(".markdown em")].map((s) => s.textContent),
      links: [...root.querySelectorAll("a")].map((a) => ({ href: a.getAttribute("href"), rel: a.rel, text: a.textContent })),
      scripts: root.querySelectorAll("script, img, iframe").length,
      handlers: [...root.querySelectorAll("*")].some((n) => [...n.attributes].some((a) => a.name.startsWith("on"))),
    };
  });
}

async function openFirstArticle(customer, query) {
  await customer.locator("kefu-chat-widget .composer textarea").fill(query);
  const open = customer.locator("kefu-chat-widget .kb-articles button.kb-open").first();
  await open.waitFor({ timeout: 15_000 });
  await open.click();
  await customer.locator("kefu-chat-widget .kb-article .markdown").waitFor({ timeout: 10_000 });
}

export const tests = [
  {
    name: "a suggested article opens in the widget in full, rendered safely, in English and Chinese",
    timeoutMs: 150_000,
    async run({ browser, artifacts }) {
      await withOwnServer(browser, [], async ({ server, person }) => {
        const problems = [];
        const admin = await person();
        await signIn(admin, ADMIN, "/supervisor");
        // Two articles share the words, so at least one is listed beside any automatic answer.
        await publish(admin, [
          { title: "Zebrafold blanket folding", body: HOSTILE_BODY, locale: "en", tags: ["zebrafold"] },
          { title: "Zebrafold blanket washing", body: HOSTILE_BODY.replace("Folding", "Washing"), locale: "en", tags: ["zebrafold"] },
        ]);

        for (const [locale, back] of [["en-US", "Back to the chat"], ["zh-CN", "返回对话"]]) {
          const customer = await person({ locale });
          forbidDialogs(customer, problems);
          await openWidget(customer);
          await openFirstArticle(customer, "how do I fold the zebrafold blanket");
          const view = await articleView(customer);
          assert.match(view.headings.join("|"), /zebrafold blanket/);
          assert.equal(view.items, 4);
          assert.deepEqual(view.strong, ["zebrafold"]);
          assert.deepEqual(view.em, ["twice"]);
          // Only the https link is a link, opened safely; the javascript: one is its text.
          assert.deepEqual(
            view.links.filter((l) => l.text === "the care guide" || l.text === "this"),
            [{ href: "https://shop.example/care", rel: "noopener noreferrer", text: "the care guide" }],
          );
          assert.ok(view.links.every((l) => /^(https?:|mailto:)/.test(l.href)), JSON.stringify(view.links));
          // Raw HTML is shown as text, never made into elements.
          assert.equal(view.scripts, 0);
          assert.equal(view.handlers, false);
          assert.ok(view.text.includes("<img src=x onerror=alert(2)>"), view.text);
          assert.ok(view.text.includes("<script>alert('list')</script>"), view.text);
          const backButton = customer.locator("kefu-chat-widget .kb-article button.back");
          assert.match(await backButton.textContent(), new RegExp(back));
          await shot(customer, artifacts, `widget-article-${locale}`);
          await backButton.click();
          await customer.locator("kefu-chat-widget .composer textarea").waitFor();
          assert.equal(await customer.locator("kefu-chat-widget .kb-article").count(), 0);
        }
        assert.deepEqual(problems, []);
      });
    },
  },
  {
    name: "links in chat messages are clickable and safe in the widget and the console",
    timeoutMs: 120_000,
    async run({ browser }) {
      await withOwnServer(browser, [], async ({ person }) => {
        const problems = [];
        const agent = await person({ viewport: { width: 1400, height: 900 } });
        forbidDialogs(agent, problems);
        await signIn(agent, ALICE, "/console");
        await goOnline(agent);
        const customer = await person({ locale: "zh-CN" });
        forbidDialogs(customer, problems);
        await openWidget(customer);
        const text = "订单在 https://shop.example/track?id=7&x=1 看 [退款](javascript:alert(1)) <img src=x onerror=alert(3)>";
        await customerSays(customer, text);

        const linksIn = (page, host) =>
          page.locator(host).evaluate((el) => {
            const bubbles = [...el.shadowRoot.querySelectorAll(".msg .bubble")];
            const bubble = bubbles.find((b) => b.textContent.includes("shop.example/track"));
            return {
              text: bubble.textContent,
              links: [...bubble.querySelectorAll("a")].map((a) => ({ href: a.getAttribute("href"), rel: a.rel, target: a.target })),
              elements: bubble.querySelectorAll("img, script").length,
            };
          });
        const inWidget = await linksIn(customer, "kefu-chat-widget");
        assert.deepEqual(inWidget.links, [{ href: "https://shop.example/track?id=7&x=1", rel: "noopener noreferrer", target: "_blank" }]);
        assert.equal(inWidget.text, text);
        assert.equal(inWidget.elements, 0);

        await openConversation(agent, "shop.example");
        await agent.locator("kefu-console .msg .bubble a").first().waitFor({ timeout: 10_000 });
        const inConsole = await linksIn(agent, "kefu-console");
        assert.deepEqual(inConsole.links, inWidget.links);
        assert.equal(inConsole.text, text);
        assert.equal(inConsole.elements, 0);

        // The agent answers with an e-mail address: a mailto link on the customer's side.
        const reply = agent.locator("kefu-console .composer textarea").first();
        await reply.fill("请写信到 help@shop.example");
        await reply.press("Enter");
        const mail = customer.locator("kefu-chat-widget .msg.theirs .bubble a[href='mailto:help@shop.example']");
        await mail.waitFor({ timeout: 10_000 });
        assert.equal(await mail.getAttribute("rel"), "noopener noreferrer");
        assert.deepEqual(problems, []);
      });
    },
  },
];
