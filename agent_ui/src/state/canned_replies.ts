import type { Locale } from "../i18n/i18n";

/** A canned reply: typed as `/shortcut` in the reply box. */
export interface CannedReply {
  shortcut: string;
  text: Record<Locale, string>;
}

/** The built-in canned replies, in both languages. */
export const CANNED_REPLIES: readonly CannedReply[] = [
  { shortcut: "hi", text: { en: "Hello! How can I help you today?", "zh-CN": "您好！请问有什么可以帮您？" } },
  { shortcut: "wait", text: { en: "Let me check that for you, one moment please.", "zh-CN": "我帮您查一下，请稍等。" } },
  { shortcut: "order", text: { en: "Could you tell me your order number, please?", "zh-CN": "请提供一下您的订单号。" } },
  { shortcut: "ship", text: { en: "Your parcel is on its way; you can follow it with the tracking link.", "zh-CN": "您的包裹已发出，可通过物流链接查看进度。" } },
  { shortcut: "refund", text: { en: "I have started your refund; it reaches your account in 3–5 working days.", "zh-CN": "已为您发起退款，预计 3–5 个工作日到账。" } },
  { shortcut: "thanks", text: { en: "Thank you for contacting us. Is there anything else I can do for you?", "zh-CN": "感谢您的咨询，请问还有其他可以帮您的吗？" } },
  { shortcut: "bye", text: { en: "Thanks for chatting with us. Have a nice day!", "zh-CN": "感谢您的咨询，祝您生活愉快！" } },
];

/**
 * The canned replies a draft asks for: when the draft is `/` followed by letters (no space yet),
 * those whose shortcut starts with them; otherwise none.
 */
export function cannedMatches(draft: string, replies: readonly CannedReply[] = CANNED_REPLIES): CannedReply[] {
  const match = /^\/([\p{L}\p{N}_-]*)$/u.exec(draft);
  if (!match) return [];
  const typed = match[1].toLowerCase();
  return replies.filter((r) => r.shortcut.startsWith(typed));
}
