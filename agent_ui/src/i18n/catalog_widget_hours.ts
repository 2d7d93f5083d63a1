// Texts of the widget's opening hours (the team's hours the admin sets in "Teams and queues"),
// in both languages; spread into the main catalog (catalog.ts). Kept apart from the admin
// console's routing texts, which the widget's build leaves out (vite.widget.config.ts).

export const WIDGET_HOURS_EN = {
  "widget.hours.closed": "We are closed right now.",
  "widget.hours.opensAt": "We open again {when}. You can write now and we will answer then, or leave a message.",
  "widget.hours.noOpening": "No opening hours are planned. Leave a message and we will answer by email.",
  "widget.hours.title": "Our hours ({zone} time)",
  "widget.hours.closedDay": "Closed",
} as const;

export const WIDGET_HOURS_ZH: Record<keyof typeof WIDGET_HOURS_EN, string> = {
  "widget.hours.closed": "我们现在不在服务时间。",
  "widget.hours.opensAt": "我们将于{when}恢复服务。您可以现在留言或提问，我们届时回复。",
  "widget.hours.noOpening": "目前没有安排服务时间。请留言，我们会通过邮件回复您。",
  "widget.hours.title": "服务时间（{zone} 时间）",
  "widget.hours.closedDay": "休息",
};
