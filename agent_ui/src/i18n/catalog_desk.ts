// The working day at the desk (issue 20): articles in the widget, what the customer already
// tried, notices, the widget's details and picking up waiting chats, in both languages.

export const DESK_EN = {
  "widget.kb.read": "Read the article",
  "widget.kb.back": "Back to the chat",
  "widget.kb.loading": "Opening the article…",
  "widget.kb.unavailable": "This article could not be opened. Please try again.",
  "widget.tooLong": "Not sent: your message has {count} characters, {over} over the limit of {max}. Please shorten it or send it in parts.",
  "kb.tried.title": "Automatic answers the customer already saw",
  "kb.tried.helped": "helped",
  "kb.tried.notHelped": "didn't help",
  "kb.tried.noVerdict": "no verdict",
  "kb.rejected": "The customer said this didn't help",
  "notify.message": "New message from {name}",
  "alerts.on": "Alerts on",
  "alerts.muted": "Alerts muted",
  "notice.dismiss": "Dismiss",
  "logout.openTitle": "Sign out with open conversations?",
  "logout.open": "You still have {count} open conversation(s). If you sign out, customers wait until a colleague takes them.",
  "logout.stay": "Stay signed in",
  "logout.anyway": "Sign out anyway",
} as const;

export const DESK_ZH: Record<keyof typeof DESK_EN, string> = {
  "widget.kb.read": "阅读全文",
  "widget.kb.back": "返回对话",
  "widget.kb.loading": "正在打开文章…",
  "widget.kb.unavailable": "无法打开这篇文章，请稍后再试。",
  "widget.tooLong": "未发送：消息共 {count} 个字，超出上限 {max} 字 {over} 个字。请删减或分几条发送。",
  "kb.tried.title": "客户已看过的自动回答",
  "kb.tried.helped": "有帮助",
  "kb.tried.notHelped": "没有帮助",
  "kb.tried.noVerdict": "未表态",
  "kb.rejected": "客户表示这篇没有帮助",
  "notify.message": "{name} 发来新消息",
  "alerts.on": "提醒已开启",
  "alerts.muted": "提醒已静音",
  "notice.dismiss": "关闭",
  "logout.openTitle": "还有未结束的会话，确定退出？",
  "logout.open": "您还有 {count} 个未结束的会话。退出后，客户需要等待同事接手。",
  "logout.stay": "继续在线",
  "logout.anyway": "仍然退出",
};
