// Texts of the admin console's queue SLA policies, in both languages; spread into the main
// catalog (catalog.ts).

export const SLA_EN = {
  "sla.queues.title": "Policies for one queue",
  "sla.queues.intro":
    "A queue's policy overrides its channel's; a policy for one priority in a queue overrides both. Business hours are the queue's team's.",
  "sla.queues.none": "No queue has its own policy: every conversation uses its channel's.",
  "sla.queues.queue": "Queue",
  "sla.queues.priority": "Customer priority",
  "sla.queues.targets": "First / next response / resolution",
  "sla.queues.add": "Add policy",
  "sla.queues.remove": "Remove",
  "sla.queues.removeLabel": "Remove the policy {key}",
  "sla.priority.any": "Every priority",
  "sla.priority.vip": "VIP",
  "sla.priority.at_risk": "At risk of churn",
  "sla.priority.normal": "Everyone else",
  "sla.seconds": "{first} s / {next} s / {resolution} s",
  "sla.resolutionOverdue": "Resolution overdue",
  "routing.error.unknown_queue": "That queue does not exist or is retired.",
  "routing.error.missing_queue": "Choose the queue this policy is for.",
  "routing.error.duplicate_policy": "This queue already has a policy for that priority. Edit or remove it.",
  "routing.error.unknown_priority": "A customer priority is VIP, at risk of churn, or everyone else.",
} as const;

export const SLA_ZH: Record<keyof typeof SLA_EN, string> = {
  "sla.queues.title": "单个队列的服务等级",
  "sla.queues.intro": "队列的服务等级优先于其渠道的；队列中某一优先级的服务等级优先于两者。服务时间为该队列所属团队的服务时间。",
  "sla.queues.none": "尚无队列设置自己的服务等级：所有会话使用其渠道的服务等级。",
  "sla.queues.queue": "队列",
  "sla.queues.priority": "客户优先级",
  "sla.queues.targets": "首次 / 后续响应 / 解决",
  "sla.queues.add": "添加",
  "sla.queues.remove": "删除",
  "sla.queues.removeLabel": "删除服务等级 {key}",
  "sla.priority.any": "所有优先级",
  "sla.priority.vip": "VIP",
  "sla.priority.at_risk": "流失风险客户",
  "sla.priority.normal": "其他客户",
  "sla.seconds": "{first} 秒 / {next} 秒 / {resolution} 秒",
  "sla.resolutionOverdue": "解决已超时",
  "routing.error.unknown_queue": "该队列不存在或已停用。",
  "routing.error.missing_queue": "请选择此服务等级所属的队列。",
  "routing.error.duplicate_policy": "该队列已有此优先级的服务等级，请修改或删除它。",
  "routing.error.unknown_priority": "客户优先级为 VIP、流失风险客户或其他客户。",
};
