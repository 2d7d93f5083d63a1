// The console's inbox views and private notes, in both languages: the views with their counts
// (GET /api/conversations), a search that finds a chat by its words, a note with an @mention
// written in the thread that the customer never sees, the colleague's notice and their Mentions
// view opening the conversation read-only with the note.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, shot, signIn } from "./lib/people.mjs";

const BOB = { login: "bob", password: "bob-demo-pass" };

const LANGUAGES = [
  { locale: "en-US", mine: "Mine", mentions: "Mentions", noteLabel: "Private note", noteMode: "Private note",
    mentioned: /Alice Chen mentioned you in a note/, readOnly: /Read only/, chinese: "Chinese", english: "English" },
  { locale: "zh-CN", mine: "我的", mentions: "提及我", noteLabel: "内部备注", noteMode: "内部备注",
    mentioned: /Alice Chen 在备注中提及了您/, readOnly: /只读/, chinese: "中文", english: "英文" },
];

/** The count shown on an inbox tab. */
async function tabCount(page, view) {
  return (await page.locator(`kefu-console kefu-inbox .tabs button.view-${view} .count`).textContent()).trim();
}

export const tests = LANGUAGES.map((lang) => ({
  name: `inbox views and private notes with a mention (${lang.locale})`,
  timeoutMs: 150_000,
  async run({ browser, artifacts }) {
    await withOwnServer(browser, [], async ({ person }) => {
      const problems = [];
      const alice = await person({ locale: lang.locale, viewport: { width: 1400, height: 900 } });
      forbidDialogs(alice, problems);
      await signIn(alice, ALICE, "/console");
      await goOnline(alice);

      const first = await person();
      forbidDialogs(first, problems);
      await openWidget(first);
      await customerSays(first, "Where is my Longjing tin?");
      const second = await person();
      await openWidget(second);
      await customerSays(second, "我的茶壶破了");
      const live = alice.locator("kefu-console aside li button");
      await live.filter({ hasText: "茶壶" }).waitFor({ timeout: 15_000 });

      // The tabs count the views; Mine holds both chats.
      const inbox = alice.locator("kefu-console kefu-inbox");
      assert.equal(await inbox.locator(".tabs button.view-mine").innerText().then((t) => t.startsWith(lang.mine)), true);
      await alice.waitForFunction(() => {
        const root = document.querySelector("kefu-console")?.shadowRoot?.querySelector("kefu-inbox")?.shadowRoot;
        return root?.querySelector(".tabs button.view-mine .count")?.textContent?.trim() === "2";
      }, null, { timeout: 15_000 });
      assert.equal(await tabCount(alice, "unassigned"), "0");
      // The counts arriving or growing never re-wrap the tabs: at every width the list can have,
      // the tabs are as tall with no counts yet as with one or three digits, so the list below
      // does not jump under the agent's pointer.
      const heights = await inbox.evaluate((el) => {
        const tabs = el.shadowRoot.querySelector(".tabs");
        return [200, 260, 300].map((width) =>
          ["", "2", "999"].map((count) => {
            const copy = tabs.cloneNode(true);
            copy.style.width = `${width}px`;
            for (const span of copy.querySelectorAll(".count")) span.textContent = count;
            tabs.after(copy);
            const height = copy.getBoundingClientRect().height;
            copy.remove();
            return height;
          }),
        );
      });
      for (const [empty, one, three] of heights) assert.ok(empty === one && one === three, JSON.stringify(heights));

      // A search by the words of a chat, in Chinese: the server's list holds that chat only.
      await inbox.locator("input[name=q]").fill("茶壶");
      const results = inbox.locator("ul.results li button");
      await results.first().waitFor({ timeout: 10_000 });
      assert.equal(await results.count(), 1);
      assert.match(await results.first().innerText(), /茶壶/);
      await inbox.locator("input[name=q]").fill("");
      await live.filter({ hasText: "Longjing" }).waitFor();

      // A row stays with its conversation when the list re-sorts (newest first): the Longjing
      // customer writes again and her row, the same element, moves above the other one. (A row
      // that showed the other conversation after the move would open it when clicked.)
      const longjing = await live.filter({ hasText: "Longjing" }).elementHandle();
      const longjingId = await longjing.getAttribute("data-conversation-id");
      assert.equal(await live.first().getAttribute("data-conversation-id") === longjingId, false);
      await customerSays(first, "Any news about the Longjing tin?");
      await alice.waitForFunction(
        (id) => document.querySelector("kefu-console")?.shadowRoot?.querySelector("[slot=live] li button")?.dataset.conversationId === id,
        longjingId,
        { timeout: 15_000 },
      );
      assert.equal(await longjing.getAttribute("data-conversation-id"), longjingId);
      assert.match(await longjing.textContent(), /Any news about the Longjing tin\?/);
      await longjing.dispose();

      // Bob signs in after both chats went to Alice.
      const bob = await person({ locale: lang.locale, viewport: { width: 1400, height: 900 } });
      forbidDialogs(bob, problems);
      await signIn(bob, BOB, "/console");
      await bob.locator("kefu-console select.status").waitFor();

      // The conversation shows the language its customer writes in.
      await openConversation(alice, live.filter({ hasText: "茶壶" }));
      await alice.locator("kefu-console .pane-head .language", { hasText: lang.chinese }).waitFor();
      // Alice writes a private note in the Longjing chat and mentions Bob by name.
      await openConversation(alice, live.filter({ hasText: "Longjing" }));
      await alice.locator("kefu-console .pane-head .language", { hasText: lang.english }).waitFor();
      await alice.locator("kefu-console label.note-toggle", { hasText: lang.noteMode }).locator("input").check();
      const box = alice.locator("kefu-console .composer textarea");
      await box.fill("@Bo");
      await box.dispatchEvent("input");
      await alice.locator("kefu-console ul.mentions li", { hasText: "Bob Li" }).click();
      await box.pressSequentially("please check the parcel <img src=x onerror=alert(1)>");
      await box.press("Enter");
      const note = alice.locator("kefu-console .messages .msg.note").last();
      await note.waitFor({ timeout: 10_000 });
      assert.match(await note.innerText(), new RegExp(lang.noteLabel, "i"));
      assert.match(await note.innerText(), /@Bob Li please check the parcel <img src=x onerror=alert\(1\)>/);
      assert.equal(await alice.locator("kefu-console .messages .msg.note img").count(), 0);
      await shot(alice, artifacts, `console-note-${lang.locale}`);

      // Bob is told, and his Mentions view opens the conversation read-only with the note.
      await bob.locator("kefu-console .notice.info", { hasText: lang.mentioned }).waitFor({ timeout: 10_000 });
      const bobInbox = bob.locator("kefu-console kefu-inbox");
      await bobInbox.locator(".tabs button.view-mentions", { hasText: lang.mentions }).click();
      const mention = bobInbox.locator("ul.results li button", { hasText: "Longjing" });
      await mention.waitFor({ timeout: 10_000 });
      assert.equal(await tabCount(bob, "mentions"), "1");
      await openConversation(bob, mention);
      const pane = bob.locator("kefu-console .read-only-pane");
      await pane.locator(".notice.info", { hasText: lang.readOnly }).waitFor();
      await pane.locator("kefu-past-conversation li", { hasText: "Where is my Longjing tin?" }).waitFor({ timeout: 10_000 });
      await pane.locator(".msg.note", { hasText: "please check the parcel" }).waitFor();
      await shot(bob, artifacts, `console-mentions-${lang.locale}`);

      // The customer never sees the note.
      await first.waitForTimeout(1000);
      const widgetText = await first.locator("kefu-chat-widget").evaluate((el) => el.shadowRoot.textContent);
      assert.ok(!widgetText.includes("parcel"), widgetText);
      assert.deepEqual(problems, []);
    });
  },
}));
