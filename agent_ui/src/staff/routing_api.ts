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
