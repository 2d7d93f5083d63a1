import { describe, expect, it } from "vitest";
import { splitQuoted } from "./quoted_history";

describe("splitQuoted", () => {
  it("folds Gmail's 'On … wrote:' and the quote under it", () => {
    const text = "Thanks, it arrived.\n\nOn Mon, 1 Dec 2026 at 10:00, Tea Shop <support@tea.example> wrote:\n> Your parcel left today.\n> Tea Shop";
    expect(splitQuoted(text)).toEqual({
      own: "Thanks, it arrived.",
      quoted: "On Mon, 1 Dec 2026 at 10:00, Tea Shop <support@tea.example> wrote:\n> Your parcel left today.\n> Tea Shop",
    });
  });

  it("folds 'On …' wrapped over two lines", () => {
    const split = splitQuoted("Yes please.\nOn Mon, 1 Dec 2026 at 10:00, Tea Shop\n<support@tea.example> wrote:\n> Shall we?");
    expect(split.own).toBe("Yes please.");
    expect(split.quoted.startsWith("On Mon")).toBe(true);
  });

  it("folds the Chinese clients' 在…写道：", () => {
    const split = splitQuoted("好的，谢谢！\n\n在 2026年12月1日 10:00，茶叶店 <support@tea.example> 写道：\n> 您的包裹今天已发出。");
    expect(split.own).toBe("好的，谢谢！");
    expect(split.quoted.startsWith("在 2026年12月1日")).toBe(true);
  });

  it("folds Outlook's Original Message block and its 发件人 header block", () => {
    expect(splitQuoted("See below.\n-----Original Message-----\nFrom: Tea Shop\nSent: Monday\nOld text").own).toBe(
      "See below.",
    );
    const zh = splitQuoted("收到。\n\n发件人: 茶叶店 <support@tea.example>\n发送时间: 2026年12月1日 10:00\n收件人: 李梅\n主题: 订单");
    expect(zh.own).toBe("收到。");
    expect(zh.quoted.startsWith("发件人: 茶叶店")).toBe(true);
  });

  it("folds trailing '> ' lines but keeps quotes the customer answers between", () => {
    expect(splitQuoted("Fine.\n\n> old line\n> older line\n").own).toBe("Fine.");
    const interleaved = "> Which colour?\nGreen.\n> Which size?\nLarge.";
    expect(splitQuoted(interleaved)).toEqual({ own: interleaved, quoted: "" });
  });

  it("leaves text without history, and a mail that is only a quote, as they are", () => {
    expect(splitQuoted("Where is my order?")).toEqual({ own: "Where is my order?", quoted: "" });
    expect(splitQuoted("> only a quote")).toEqual({ own: "> only a quote", quoted: "" });
    // "From:" alone in the middle of a sentence's line is not Outlook's block.
    expect(splitQuoted("From: my office, not home.\nPlease deliver there.").quoted).toBe("");
  });
});
