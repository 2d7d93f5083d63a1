// The working day at the desk (issue 20): articles in the widget, what the customer already
// tried, notices, the widget's details and picking up waiting chats, in both languages.

export const DESK_EN = {
  "widget.kb.read": "Read the article",
  "widget.kb.back": "Back to the chat",
  "widget.kb.loading": "Opening the article…",
  "widget.kb.unavailable": "This article could not be opened. Please try again.",
  "kb.tried.title": "Automatic answers the customer already saw",
  "kb.tried.helped": "helped",
  "kb.tried.notHelped": "didn't help",
  "kb.tried.noVerdict": "no verdict",
  "kb.rejected": "The customer said this didn't help",
} as const;

export const DESK_ZH: Record<keyof typeof DESK_EN, string> = {
  "widget.kb.read": "阅读全文",
  "widget.kb.back": "返回对话",
  "widget.kb.loading": "正在打开文章…",
  "widget.kb.unavailable": "无法打开这篇文章，请稍后再试。",
  "kb.tried.title": "客户已看过的自动回答",
  "kb.tried.helped": "有帮助",
  "kb.tried.notHelped": "没有帮助",
  "kb.tried.noVerdict": "未表态",
  "kb.rejected": "客户表示这篇没有帮助",
};
