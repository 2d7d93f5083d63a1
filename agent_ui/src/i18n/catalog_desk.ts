// The working day at the desk (issue 20): articles in the widget, what the customer already
// tried, notices, the widget's details and picking up waiting chats, in both languages.

export const DESK_EN = {
  "widget.kb.read": "Read the article",
  "widget.kb.back": "Back to the chat",
  "widget.kb.loading": "Opening the article…",
  "widget.kb.unavailable": "This article could not be opened. Please try again.",
} as const;

export const DESK_ZH: Record<keyof typeof DESK_EN, string> = {
  "widget.kb.read": "阅读全文",
  "widget.kb.back": "返回对话",
  "widget.kb.loading": "正在打开文章…",
  "widget.kb.unavailable": "无法打开这篇文章，请稍后再试。",
};
