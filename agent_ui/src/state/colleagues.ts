import type { Channel } from "../protocol/types";
/** A colleague a conversation can be transferred to (GET /api/agents). */
export interface Colleague {
  id: number;
  name: string;
  status: "online" | "away" | "offline";
  load: { chat: number; ticket: number };
  capacity: { chat: number; ticket: number };
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0;
}

/** Reads the `agents` of a GET /api/agents answer; malformed entries are left out. */
export function readColleagues(answer: unknown): Colleague[] {
  const list = (answer as { agents?: unknown } | null)?.agents;
  if (!Array.isArray(list)) return [];
  const out: Colleague[] = [];
  for (const raw of list) {
    if (typeof raw !== "object" || raw === null) continue;
    const r = raw as Record<string, unknown>;
    if (typeof r.id !== "number" || typeof r.name !== "string") continue;
    const status = r.status === "online" || r.status === "away" ? r.status : "offline";
    const load = (r.load ?? {}) as Record<string, unknown>;
    const capacity = (r.capacity ?? {}) as Record<string, unknown>;
    out.push({
      id: r.id,
      name: r.name,
      status,
      load: { chat: count(load.chat), ticket: count(load.ticket) },
      capacity: { chat: count(capacity.chat), ticket: count(capacity.ticket) },
    });
  }
  return out;
}

/**
 * Whether `colleague` can take a conversation of `channel` now: online with a free place on
 * that channel (the server refuses the others with `conflict`).
 */
export function canTake(colleague: Colleague, channel: Channel): boolean {
  // An e-mail takes a ticket's place (the server's routing counts it so).
  const place = channel === "chat" ? "chat" : "ticket";
  return colleague.status === "online" && colleague.load[place] < colleague.capacity[place];
}
