// The admin console's teams and queues (docs/protocol.md, "Admin: routing setup"). Each call
// rejects with HttpError carrying the server's typed error code.
import { requestJson } from "../net/http";

export interface Team {
  name: string;
  members: number[];
}

export interface QueueOverflow {
  after_seconds: number;
  skills: string[];
  min_level: number;
  any_language: boolean;
}

export interface QueueSettings {
  name: string;
  channel: "chat" | "ticket";
  team: string;
  skill: string;
  min_level: number;
  language: string;
  priority: number;
  segment: string;
  overflow: QueueOverflow;
  offer_mode: "assign" | "offer";
  offer_timeout_seconds: number;
}

export interface Queue extends QueueSettings {
  retired_at: number | null;
  moved_to: string | null;
}

export interface RoutingSetup {
  teams: Team[];
  hours: Record<string, TeamHoursSettings>;
  queues: Queue[];
  skills: string[];
  built_in: string[];
  waiting: Record<string, number>;
}

export const SEGMENTS = ["", "vip", "at_risk", "new", "active", "lost"] as const;

export function readRouting(): Promise<RoutingSetup> {
  return requestJson<RoutingSetup>("/api/admin/routing");
}

export function createTeam(team: Team): Promise<{ team: Team }> {
  return requestJson("/api/admin/teams", { body: team });
}

export function setTeamMembers(name: string, members: number[]): Promise<{ team: Team }> {
  return requestJson(`/api/admin/teams/${encodeURIComponent(name)}`, { method: "PUT", body: { members } });
}

export function createQueue(queue: QueueSettings): Promise<{ queue: Queue }> {
  return requestJson("/api/admin/queues", { body: queue });
}

export function updateQueue(name: string, queue: QueueSettings): Promise<{ queue: Queue }> {
  return requestJson(`/api/admin/queues/${encodeURIComponent(name)}`, { method: "PUT", body: queue });
}

export function retireQueue(name: string, moveTo: string): Promise<{ queue: Queue; moved: number[] }> {
  return requestJson(`/api/admin/queues/${encodeURIComponent(name)}/retire`, { body: { move_to: moveTo } });
}

/** The live queues a retired queue's waiting may move to: same channel, not itself. */
export function retireTargets(setup: RoutingSetup, queue: Queue): string[] {
  const builtIn = queue.channel === "chat" ? "general" : "tickets";
  const configured = setup.queues
    .filter((q) => q.retired_at === null && q.channel === queue.channel && q.name !== queue.name)
    .map((q) => q.name);
  return [builtIn, ...configured];
}

export interface TeamHoursSettings {
  time_zone: string;
  week: Record<string, [string, string][]>;
  holidays: string[];
  working_days: string[];
}

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export function setTeamHours(team: string, hours: TeamHoursSettings): Promise<{ hours: TeamHoursSettings }> {
  return requestJson(`/api/admin/teams/${encodeURIComponent(team)}/hours`, { method: "PUT", body: hours });
}

/**
 * A pasted list of dates (one per line, or separated by commas, 、 or spaces; 2026-10-01,
 * 2026/10/1 or 2026.10.1) as YYYY-MM-DD. What is not a date stays as typed for the server to
 * refuse with bad_date.
 */
export function parseDates(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .filter((item) => item.length > 0)
    .map((item) => {
      const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(item);
      return m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : item;
    });
}

/** "09:00-12:00, 13:00–18:00" → [["09:00","12:00"],["13:00","18:00"]]; "" → [] (closed). */
export function parseSpans(text: string): [string, string][] {
  return text
    .split(/[,，]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
    .map((item) => {
      const [open, close] = item.split(/\s*[-–~]\s*/);
      return [open ?? "", close ?? ""];
    });
}

/** The channels with an SLA policy of their own. */
export type SlaChannel = "chat" | "ticket" | "email";

export interface SlaPolicy {
  channel: SlaChannel;
  first_response_seconds: number;
  next_response_seconds: number;
  resolution_seconds: number;
  time: "calendar" | "business";
}

/** The customer priorities a queue's policy can name (their segment's routing priority). */
export type SlaPriority = "vip" | "at_risk" | "normal";

/** A queue's policy, or one priority's in a queue: `key` is "queue:NAME" or "queue:NAME:PRIORITY". */
export interface QueueSlaPolicy {
  key: string;
  channel: string;
  queue: string;
  priority: SlaPriority | null;
  first_response_seconds: number;
  next_response_seconds: number;
  resolution_seconds: number;
  time: "calendar" | "business";
}

export interface SlaInUse {
  service_level_ms: number;
  quality_first_response_target_ms: number;
  quality_reply_target_ms: number;
  supervisor_ms: number;
}

export interface SlaOverview {
  policies: Partial<Record<SlaChannel, SlaPolicy>>;
  queue_policies: QueueSlaPolicy[];
  priorities: SlaPriority[];
  in_use: Partial<Record<SlaChannel, SlaInUse>>;
}

/** The REST path of a queue's policy. */
function queuePolicyPath(queue: string, priority: SlaPriority | null): string {
  return `/api/admin/sla/queues/${encodeURIComponent(queue)}${priority ? `/${priority}` : ""}`;
}

export function createQueueSla(policy: Omit<QueueSlaPolicy, "key" | "channel">): Promise<{ policy: QueueSlaPolicy }> {
  return requestJson("/api/admin/sla/queues", { method: "POST", body: policy });
}

export function removeQueueSla(policy: QueueSlaPolicy): Promise<{ policy: QueueSlaPolicy }> {
  return requestJson(queuePolicyPath(policy.queue, policy.priority), { method: "DELETE" });
}

export function readSla(): Promise<SlaOverview> {
  return requestJson<SlaOverview>("/api/admin/sla");
}

export function saveSla(policy: SlaPolicy): Promise<{ policy: SlaPolicy }> {
  return requestJson(`/api/admin/sla/${policy.channel}`, { method: "PUT", body: policy });
}

export interface AuditChange {
  id: number;
  at: number;
  type: string;
  data: { by?: number | null; user?: number; subject?: string; before?: unknown; after?: unknown };
}

export function readAudit(type: string): Promise<{ changes: AuditChange[]; types: string[] }> {
  const query = type ? `?type=${encodeURIComponent(type)}` : "";
  return requestJson(`/api/admin/audit${query}`);
}
