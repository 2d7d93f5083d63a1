// Texts of the wallboard (the supervisors' full-screen view for a TV) and the link to it, in both
// languages; spread into catalog.ts.

export const WALLBOARD_EN = {
  "wallboard.title": "Wallboard",
  "wallboard.open": "Wallboard",
  "wallboard.waiting": "Waiting",
  "wallboard.oldestWait": "Oldest wait",
  "wallboard.serviceLevel": "Service level today",
  "wallboard.breached": "Past target",
  "wallboard.agentsOnline": "Agents online",
  "wallboard.agentsAway": "Agents away",
  "wallboard.answered": "Answered today",
  "wallboard.abandoned": "Abandoned today",
  "wallboard.alerts": "Alerts",
  "wallboard.noAlerts": "No alerts",
  "wallboard.connecting": "Connecting…",
  "wallboard.reconnecting": "Connection lost, reconnecting…",
  "wallboard.updated": "Updated {time}",
} as const;

export const WALLBOARD_ZH: Record<keyof typeof WALLBOARD_EN, string> = {
  "wallboard.title": "大屏看板",
  "wallboard.open": "大屏看板",
  "wallboard.waiting": "排队中",
  "wallboard.oldestWait": "最长等待",
  "wallboard.serviceLevel": "今日服务水平",
  "wallboard.breached": "已超时",
  "wallboard.agentsOnline": "在线坐席",
  "wallboard.agentsAway": "离开坐席",
  "wallboard.answered": "今日已接待",
  "wallboard.abandoned": "今日已放弃",
  "wallboard.alerts": "告警",
  "wallboard.noAlerts": "无告警",
  "wallboard.connecting": "正在连接…",
  "wallboard.reconnecting": "连接已断开，正在重连…",
  "wallboard.updated": "更新于 {time}",
};
