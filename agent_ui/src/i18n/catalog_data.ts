// Texts of the admin console's data tab (retention of message text, customer erasure), in both
// languages; spread into catalog.ts.

export const DATA_EN = {
  "admin.tab.data": "Data",
  "data.retention.title": "Message retention",
  "data.retention.intro":
    "Remove the text and attachments of messages older than a number of days, every day. Conversations, ratings and every figure stay. Leave empty to keep messages for ever.",
  "data.retention.days": "Remove message text older than (days)",
  "data.retention.off": "Message text is kept for ever.",
  "data.retention.on": "Message text older than {days} days is removed every day.",
  "data.retention.removed": "Saved. Removed now: {messages} message texts, {attachments} attachments.",
  "data.retention.bad": "Enter a whole number of days from 1 to 3650, or leave the field empty.",
  "data.loadFailed": "The data settings could not be loaded.",
  "admin.tab.quality": "Quality",
  "quality.admin.title": "Quality scoring",
  "quality.admin.intro":
    "The weights of the automatic quality score of each resolved conversation, and the categories of the supervisors' scorecard. New scores use them at once.",
  "quality.admin.weights": "Automatic score weights",
  "quality.admin.scorecard": "Scorecard categories",
  "quality.admin.badWeight": "Each weight is a number of 0 or more.",
  "quality.admin.refused": "The settings were refused ({reason}). At least one weight must be above 0.",
  "quality.admin.loadFailed": "The quality settings could not be loaded.",
} as const;

export const DATA_ZH: Record<keyof typeof DATA_EN, string> = {
  "admin.tab.data": "数据",
  "data.retention.title": "消息保留期限",
  "data.retention.intro": "每天删除超过指定天数的消息文字和附件。会话、评分和所有统计数据都会保留。留空则永久保留消息。",
  "data.retention.days": "删除多少天以前的消息文字（天）",
  "data.retention.off": "消息文字永久保留。",
  "data.retention.on": "每天删除 {days} 天以前的消息文字。",
  "data.retention.removed": "已保存。本次删除：{messages} 条消息文字，{attachments} 个附件。",
  "data.retention.bad": "请输入 1 到 3650 之间的整数天数，或留空。",
  "data.loadFailed": "无法加载数据设置。",
  "admin.tab.quality": "质量",
  "quality.admin.title": "质量评分",
  "quality.admin.intro": "每个已解决会话的自动质量评分权重，以及主管评分表的类别。新的评分立即使用。",
  "quality.admin.weights": "自动评分权重",
  "quality.admin.scorecard": "评分表类别",
  "quality.admin.badWeight": "每个权重都必须是 0 或更大的数字。",
  "quality.admin.refused": "设置未被接受（{reason}）：至少一个权重必须大于 0。",
  "quality.admin.loadFailed": "无法加载质量设置。",
};
