// Attachments both ways, in both languages: the customer sends a photo from the widget (with
// upload progress) and the agent sees it inline; the agent sends a PDF that the customer sees
// as a file; a web page passed off as a picture is refused with a reason in the customer's
// language and shows nowhere.
import assert from "node:assert/strict";
import { withOwnServer } from "./lib/kefu_server.mjs";
import { ALICE, customerSays, forbidDialogs, goOnline, openConversation, openWidget, shot, signIn } from "./lib/people.mjs";

// A 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

const LANGUAGES = [
  { locale: "en-US", refused: /Only images/ },
  { locale: "zh-CN", refused: /只能添加图片/ },
];

export const tests = LANGUAGES.map((lang) => ({
  name: `attachments go both ways and a disguised page is refused (${lang.locale})`,
  timeoutMs: 120_000,
  async run({ browser, artifacts }) {
    await withOwnServer(browser, [], async ({ person }) => {
      const problems = [];
      const agent = await person({ locale: lang.locale, viewport: { width: 1400, height: 900 } });
      forbidDialogs(agent, problems);
      await signIn(agent, ALICE, "/console");
      await goOnline(agent);
      const customer = await person({ locale: lang.locale });
      forbidDialogs(customer, problems);
      await openWidget(customer);
      await customerSays(customer, "My tin arrived dented, photo coming");
      const item = agent.locator("kefu-console aside li button", { hasText: "photo coming" });
      await item.waitFor({ timeout: 15_000 });
      await openConversation(agent, item);

      // A web page named like a picture: refused, in the customer's language.
      await customer.locator("kefu-chat-widget input.attach").setInputFiles({
        name: "dent.png", mimeType: "image/png", buffer: Buffer.from("<html><script>alert(1)</script></html>"),
      });
      await customer.locator("kefu-chat-widget .failed", { hasText: lang.refused }).waitFor({ timeout: 10_000 });

      // The photo: the agent sees it inline.
      await customer.locator("kefu-chat-widget input.attach").setInputFiles({ name: "dent.png", mimeType: "image/png", buffer: PNG });
      await customer.locator("kefu-chat-widget .msg.attachment.mine img.thumb").waitFor({ timeout: 10_000 });
      await customer.waitForFunction(() => {
        const img = document.querySelector("kefu-chat-widget")?.shadowRoot?.querySelector(".msg.attachment img.thumb");
        return img && img.complete && img.naturalWidth === 1;
      });
      const thumb = agent.locator("kefu-console .messages .msg.attachment img.thumb");
      await thumb.waitFor({ timeout: 10_000 });
      await agent.waitForFunction(() => {
        const img = document.querySelector("kefu-console")?.shadowRoot?.querySelector(".msg.attachment img.thumb");
        return img && img.complete && img.naturalWidth === 1;
      });

      // The agent's PDF reaches the customer as a file.
      await agent.locator("kefu-console input.attach").setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: PDF });
      await customer.locator("kefu-chat-widget .msg.attachment.theirs", { hasText: "invoice.pdf" }).waitFor({ timeout: 10_000 });
      assert.equal(await agent.locator("kefu-console .messages .msg.attachment").count(), 2);
      await shot(agent, artifacts, `console-attachments-${lang.locale}`);
      await shot(customer, artifacts, `widget-attachments-${lang.locale}`);
      assert.deepEqual(problems, []);
    });
  },
}));
