// Care tasks and care rules over REST (docs/protocol.md, "Care tasks" and "Admin: care rules").
// Each call rejects with HttpError carrying the server's typed error code.
import type { Priority } from "../protocol/types";
import { requestJson } from "../net/http";

export interface CareOrderLine {
  title: string;
  sku: string;
  quantity: number;
}

export interface CareOrder {
  id: number;
  name: string;
  total_cents: number;
  currency: string;
  financial_status: string;
  fulfillment_status: string;
  created_at: number;
  items: CareOrderLine[];
}

export type CareTaskStatus = "open" | "done" | "skipped";

export interface CareTask {
  id: number;
  rule_id: number;
  rule_name: string;
  customer_id: number;
  customer_name: string;
  text: string;
  status: CareTaskStatus;
  outcome: string;
  team: string;
  agent_id: number | null;
  created_at: number;
  closed_at: number | null;
  order: CareOrder | null;
}

export function listCareTasks(status: CareTaskStatus | "all" = "open"): Promise<CareTask[]> {
  return requestJson<{ tasks: CareTask[] }>(`/api/care/tasks?status=${status}`).then((r) => r.tasks);
}

export function closeCareTask(id: number, status: "done" | "skipped", outcome: string): Promise<CareTask> {
  return requestJson<{ task: CareTask }>(`/api/care/tasks/${id}/close`, { body: { status, outcome } }).then(
    (r) => r.task,
  );
}

export interface CareAction {
  type:
    | "care_task"
    | "add_tag"
    | "remove_tag"
    | "resolve_conversation"
    | "notify_supervisors"
    | "customer_message"
    | "email_customer"
    | "assign_queue"
    | "set_priority"
    | "webhook";
  text?: Partial<Record<"en" | "zh-CN", string>>;
  /** email_customer: the mail's subject by locale. */
  subject?: Partial<Record<"en" | "zh-CN", string>>;
  team?: string;
  agent_id?: number;
  tag?: string;
  queue?: string;
  /** set_priority: the conversation's new priority. */
  priority?: Priority;
}

export interface CareRule {
  id: number;
  builtin: string | null;
  name: string;
  enabled: boolean;
  trigger: string;
  delay_minutes: number;
  business_time: boolean;
  sla_percent?: number;
  conditions: {
    segments: string[];
    tags_all: string[];
    tags_none: string[];
    locales: string[];
    channels: string[];
    min_order_cents?: number;
    max_order_cents?: number;
    order_statuses: string[];
    order_items: string[];
    no_newer_order: boolean;
    no_open_conversation: boolean;
    quiet?: { min_days: number; rhythm_factor: number };
    conversation_statuses?: string[];
    waiting_on?: "customer" | "agent" | null;
  };
  actions: CareAction[];
  cancel_on: string[];
  caps: { purpose: "service" | "marketing"; quiet_hours: boolean; contact_cap: boolean };
  goal: { kind: string; window_days: number; holdout_percent: number };
  updated_at: number;
}

export interface RuleList {
  rules: CareRule[];
  triggers: string[];
  cancel_events: string[];
}

export interface RulePreview {
  since: number;
  triggers: number;
  reached: number;
  customers: { id: number; name: string }[];
}

export interface RuleJob {
  id: number;
  customer_id: number;
  trigger: string;
  triggered_at: number;
  due_at: number;
  status: "pending" | "done" | "skipped" | "cancelled";
  reason: string;
  order_id: number | null;
  conversation_id: number | null;
  finished_at: number | null;
}

/** The body of a rule as the server reads it: everything but id, builtin and updated_at. */
export function ruleBody(rule: CareRule): Omit<CareRule, "id" | "builtin" | "updated_at"> {
  const { id: _id, builtin: _builtin, updated_at: _updated, ...body } = rule;
  return body;
}

export const listRules = () => requestJson<RuleList>("/api/admin/rules");
export const createRule = (rule: CareRule) =>
  requestJson<{ rule: CareRule }>("/api/admin/rules", { body: ruleBody(rule) }).then((r) => r.rule);
export const updateRule = (rule: CareRule) =>
  requestJson<{ rule: CareRule }>(`/api/admin/rules/${rule.id}`, { method: "PUT", body: ruleBody(rule) }).then(
    (r) => r.rule,
  );
export const setRuleEnabled = (id: number, enabled: boolean) =>
  requestJson<{ rule: CareRule }>(`/api/admin/rules/${id}/${enabled ? "enable" : "disable"}`, { body: {} }).then(
    (r) => r.rule,
  );
export const previewRule = (id: number) => requestJson<RulePreview>(`/api/admin/rules/${id}/preview`);
export const ruleLog = (id: number) =>
  requestJson<{ jobs: RuleJob[] }>(`/api/admin/rules/${id}/log`).then((r) => r.jobs);

/** A customer's waiting care job (the customer panel's upcoming care). */
export interface UpcomingCare {
  id: number;
  rule_id: number;
  rule_name: string;
  trigger: string;
  due_at: number;
  order_id: number | null;
  conversation_id: number | null;
}

export const upcomingCare = (customerId: number) =>
  requestJson<{ jobs: UpcomingCare[] }>(`/api/care/customers/${customerId}/upcoming`).then((r) => r.jobs);

/** What followed one group of a rule's jobs (docs/protocol.md, "Care outcomes"). */
export interface OutcomeGroup {
  jobs: number;
  customers: number;
  replied: number;
  repurchased: number;
  rated: number;
  satisfied: number;
  reply_rate: number | null;
  repurchase_rate: number | null;
  csat: number | null;
}

export interface RuleOutcome {
  rule_id: number;
  name: string;
  enabled: boolean;
  goal: { kind: string; window_days: number; holdout_percent: number };
  reached: OutcomeGroup;
  holdout: OutcomeGroup;
  lift: number | null;
}

export const careOutcomes = (days = 90) =>
  requestJson<{ since: number; rules: RuleOutcome[] }>(`/api/care/outcomes?days=${days}`).then((r) => r.rules);

/** A rate for people: "42%", or "–" when there is nothing to divide. */
export function percent(rate: number | null): string {
  return rate === null ? "–" : `${Math.round(rate * 100)}%`;
}

/** The order's total for people: "96.00 CNY". */
export function orderTotal(order: CareOrder): string {
  return `${(order.total_cents / 100).toFixed(2)} ${order.currency}`;
}

/** The text of a `care_notice` frame (a rule's notify_supervisors action), or null for others. */
export function careNoticeText(frame: string): string | null {
  try {
    const data: unknown = JSON.parse(frame);
    if (typeof data !== "object" || data === null) return null;
    const { type, text } = data as { type?: unknown; text?: unknown };
    return type === "care_notice" && typeof text === "string" ? text : null;
  } catch {
    return null;
  }
}
