import type { FloorAgent, KpiEvent, KpiGroup, QueueFigures } from "../protocol/types";

/** The figures of the supervisor's live tiles; null where the server has nothing yet. */
export interface KpiTiles {
  at: number;
  waiting: number;
  oldestWaitMs: number | null;
  agentsOnline: number;
  agentsBusy: number;
  agentsAway: number;
  serviceLevel: number | null;
  firstResponseMs: number | null;
  csat: number | null;
}

/** One row of the per-queue table: the live queue figures joined with today's queue KPIs. */
export interface QueueRow {
  name: string;
  waiting: number;
  oldestWaitMs: number | null;
  freeAgents: number | null;
  serviceLevel: number | null;
  answered: number;
  abandoned: number;
  nextEstimateMs: number | null;
}

/** One row of the per-agent table. */
export interface AgentRow {
  id: string;
  /** The agent's display name, or null when the frame does not name them. */
  name: string | null;
  status: string;
  open: number;
  handled: number;
  firstResponseMs: number | null;
  csat: number | null;
}

/** One row of the floor table: an agent's status, load and today's figures. */
export interface FloorRow {
  id: number;
  name: string;
  status: string;
  /** When the status last changed (server time), or null if not known. */
  statusSince: number | null;
  connected: boolean;
  openChats: number;
  chatCapacity: number;
  openTickets: number;
  ticketCapacity: number;
  occupancy: number | null;
  handled: number;
}

/**
 * The floor table: every agent of `floor` joined with today's figures from `live.agents`, then
 * agents who only appear in today's figures (named from `staff`), by name.
 */
export function floorRows(event: KpiEvent): FloorRow[] {
  const today = event.live?.agents ?? {};
  const rows = new Map<string, FloorRow>();
  for (const a of event.floor ?? ([] as FloorAgent[])) {
    const k: KpiGroup = today[String(a.id)] ?? {};
    rows.set(String(a.id), {
      id: a.id,
      name: a.name,
      status: a.status,
      statusSince: num(a.status_since),
      connected: a.connected === true,
      openChats: num(a.open_chats) ?? 0,
      chatCapacity: num(a.chat_capacity) ?? 0,
      openTickets: num(a.open_tickets) ?? 0,
      ticketCapacity: num(a.ticket_capacity) ?? 0,
      occupancy: num(k.occupancy),
      handled: num(k.counts?.handled) ?? 0,
    });
  }
  for (const id of Object.keys(today)) {
    if (rows.has(id)) continue;
    const k: KpiGroup = today[id] ?? {};
    const name = event.staff?.[id];
    rows.set(id, {
      id: Number(id),
      name: typeof name === "string" && name !== "" ? name : `#${id}`,
      status: typeof k.status === "string" ? k.status : "offline",
      statusSince: null,
      connected: false,
      openChats: num(k.open_conversations) ?? 0,
      chatCapacity: 0,
      openTickets: 0,
      ticketCapacity: 0,
      occupancy: num(k.occupancy),
      handled: num(k.counts?.handled) ?? 0,
    });
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}

/**
 * Whole, round numbers for a chart's value axis (people or conversations) from 0 to the first
 * tick at or above `max`: steps of 1, 2 or 5 times a power of ten, about `count` of them.
 */
export function axisTicks(max: number, count = 4): number[] {
  const top = Math.max(1, Math.ceil(max));
  const raw = Math.max(1, top / count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks = [0];
  while (ticks[ticks.length - 1] < top) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

/** One point of the chart. */
export interface KpiPoint {
  at: number;
  waiting: number;
  busy: number;
  online: number;
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The tiles for one `kpi` frame (from `live.total`). */
export function tilesFrom(event: KpiEvent): KpiTiles {
  const total: KpiGroup = event.live?.total ?? {};
  return {
    at: num(event.live?.at) ?? 0,
    waiting: num(total.waiting) ?? 0,
    oldestWaitMs: num(total.oldest_wait_ms),
    agentsOnline: num(total.agents_online) ?? 0,
    agentsBusy: num(total.agents_busy) ?? 0,
    agentsAway: num(total.agents_away) ?? 0,
    serviceLevel: num(total.service_level),
    firstResponseMs: num(total.first_response_time_ms),
    csat: num(total.csat),
  };
}

/** The per-queue rows: every queue named in the live figures or today's KPIs, by name. */
export function queueRows(event: KpiEvent): QueueRow[] {
  const today = event.live?.queues ?? {};
  const live = new Map<string, QueueFigures>((event.queues ?? []).map((q) => [q.name, q]));
  const names = [...new Set([...live.keys(), ...Object.keys(today)])].sort();
  return names.map((name) => {
    const q = live.get(name);
    const k: KpiGroup = today[name] ?? {};
    return {
      name,
      waiting: num(q?.waiting) ?? num(k.waiting) ?? 0,
      oldestWaitMs: num(q?.oldest_wait_ms) ?? num(k.oldest_wait_ms),
      freeAgents: num(q?.free_agents),
      serviceLevel: num(k.service_level),
      answered: num(k.counts?.answered) ?? 0,
      abandoned: num(k.counts?.abandoned) ?? 0,
      nextEstimateMs: num(q?.next_estimate_ms),
    };
  });
}

/** The per-agent rows, by agent id. */
export function agentRows(event: KpiEvent): AgentRow[] {
  const agents = event.live?.agents ?? {};
  return Object.keys(agents)
    .sort((a, b) => Number(a) - Number(b))
    .map((id) => {
      const k = agents[id] ?? {};
      const name = event.staff?.[id];
      return {
        id,
        name: typeof name === "string" && name !== "" ? name : null,
        status: typeof k.status === "string" ? k.status : "offline",
        open: num(k.open_conversations) ?? 0,
        handled: num(k.counts?.handled) ?? 0,
        firstResponseMs: num(k.first_response_time_ms),
        csat: num(k.csat),
      };
    });
}

/**
 * The chart's recent history, fed by the per-second frames: one point per `stepMs` slot of
 * server time (the newest frame of a slot replaces the earlier ones), at most `capacity` points.
 */
export class KpiSeries {
  private readonly list: KpiPoint[] = [];

  constructor(
    readonly capacity = 720,
    readonly stepMs = 15_000,
  ) {}

  add(tiles: KpiTiles): void {
    const point = { at: tiles.at, waiting: tiles.waiting, busy: tiles.agentsBusy, online: tiles.agentsOnline };
    const last = this.list[this.list.length - 1];
    if (last && point.at < last.at) return;
    if (last && Math.floor(last.at / this.stepMs) === Math.floor(point.at / this.stepMs)) {
      this.list[this.list.length - 1] = point;
    } else {
      this.list.push(point);
      if (this.list.length > this.capacity) this.list.splice(0, this.list.length - this.capacity);
    }
  }

  points(): readonly KpiPoint[] {
    return this.list;
  }
}

/** A polyline's `points` attribute for `values` in a width × height box (y grows down). */
export function chartPath(values: readonly number[], width: number, height: number, max: number): string {
  if (values.length === 0) return "";
  const top = Math.max(1, max);
  const dx = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => `${(i * dx).toFixed(1)},${(height - (Math.max(0, v) / top) * height).toFixed(1)}`)
    .join(" ");
}
