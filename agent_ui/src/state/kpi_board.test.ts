import { describe, expect, it } from "vitest";
import type { KpiEvent } from "../protocol/types";
import { KpiSeries, agentRows, axisTicks, chartPath, floorRows, queueRows, tilesFrom } from "./kpi_board";

function frame(at: number, waiting: number, extra: Partial<KpiEvent["live"]> = {}): KpiEvent {
  return {
    type: "kpi",
    live: {
      at,
      day_start: 0,
      total: {
        waiting,
        oldest_wait_ms: waiting > 0 ? 41_000 : null,
        agents_online: 2,
        agents_busy: 1,
        agents_away: 1,
        service_level: 0.8,
        first_response_time_ms: 12_000,
        csat: null,
      },
      queues: { general: { waiting, service_level: 0.5, counts: { answered: 4, abandoned: 1 } } },
      teams: {},
      channels: {},
      agents: { "12": { status: "online", open_conversations: 2, counts: { handled: 3 } }, "3": { status: "away" } },
      ...extra,
    },
    queues: [{ name: "general", waiting, oldest_wait_ms: 41_000, free_agents: 0, serving_slots: 6 }, { name: "vip", waiting: 0, oldest_wait_ms: null, free_agents: 1, serving_slots: 2 }],
  };
}

describe("kpi frame to tiles", () => {
  it("reads the live total's figures, keeping missing KPIs as null", () => {
    const tiles = tilesFrom(frame(1000, 3));
    expect(tiles).toEqual({
      at: 1000,
      waiting: 3,
      oldestWaitMs: 41_000,
      agentsOnline: 2,
      agentsBusy: 1,
      agentsAway: 1,
      serviceLevel: 0.8,
      firstResponseMs: 12_000,
      csat: null,
    });
  });

  it("treats a frame without figures as zero waiting and unknown KPIs", () => {
    const tiles = tilesFrom({ type: "kpi", live: { at: 5 } } as unknown as KpiEvent);
    expect(tiles.waiting).toBe(0);
    expect(tiles.oldestWaitMs).toBeNull();
    expect(tiles.serviceLevel).toBeNull();
  });

  it("joins live queue figures with today's queue KPIs, by name", () => {
    const rows = queueRows(frame(1000, 2));
    expect(rows.map((r) => r.name)).toEqual(["general", "vip"]);
    expect(rows[0]).toMatchObject({ waiting: 2, freeAgents: 0, serviceLevel: 0.5, answered: 4, abandoned: 1 });
    expect(rows[1]).toMatchObject({ waiting: 0, freeAgents: 1, serviceLevel: null, answered: 0 });
  });

  it("lists agents by numeric id with their status and open conversations", () => {
    const rows = agentRows(frame(1000, 0));
    expect(rows.map((r) => r.id)).toEqual(["3", "12"]);
    expect(rows[1]).toMatchObject({ status: "online", open: 2, handled: 3 });
    expect(rows[0]).toMatchObject({ status: "away", open: 0 });
  });

  it("names agents from the frame's staff and falls back to the id", () => {
    const rows = agentRows({ ...frame(1000, 0), staff: { "12": "Alice Chen", "3": "" } });
    expect(rows.map((r) => r.name)).toEqual([null, "Alice Chen"]);
  });
});

describe("KpiSeries", () => {
  it("keeps one point per step slot, the newest frame of each slot", () => {
    const series = new KpiSeries(100, 10_000);
    for (let s = 0; s <= 25; s++) series.add(tilesFrom(frame(s * 1000, s)));
    const at = series.points().map((p) => p.at);
    expect(at).toEqual([9000, 19_000, 25_000]);
    expect(at[at.length - 1]).toBe(25_000);
    expect(series.points()[series.points().length - 1].waiting).toBe(25);
  });

  it("drops the oldest points beyond its capacity and ignores frames from the past", () => {
    const series = new KpiSeries(3, 1000);
    for (let s = 0; s < 10; s++) series.add(tilesFrom(frame(s * 1000, s)));
    series.add(tilesFrom(frame(2000, 99)));
    expect(series.points().map((p) => p.waiting)).toEqual([7, 8, 9]);
  });

  it("draws a polyline scaled to the box", () => {
    expect(chartPath([0, 5, 10], 100, 50, 10)).toBe("0.0,50.0 50.0,25.0 100.0,0.0");
    expect(chartPath([], 100, 50, 10)).toBe("");
  });
});

describe("floorRows", () => {
  it("joins the floor with today's figures, names every agent and sorts by name", () => {
    const event = frame(1000, 0, { agents: { "12": { status: "online", occupancy: 0.5, counts: { handled: 3 } }, "3": { status: "away" } } });
    event.floor = [
      { id: 12, name: "Zoe Wu", status: "online", status_since: 500, connected: true, open_chats: 2, chat_capacity: 3, open_tickets: 0, ticket_capacity: 5 },
    ];
    event.staff = { "3": "Alice Chen" };
    const rows = floorRows(event);
    expect(rows.map((r) => r.name)).toEqual(["Alice Chen", "Zoe Wu"]);
    expect(rows[1]).toMatchObject({ id: 12, openChats: 2, chatCapacity: 3, occupancy: 0.5, handled: 3, statusSince: 500, connected: true });
    expect(rows[0]).toMatchObject({ id: 3, status: "away", statusSince: null, connected: false });
  });
});

describe("axisTicks", () => {
  it("gives whole round steps from 0 to at least the maximum", () => {
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(3)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(45)).toEqual([0, 20, 40, 60]);
  });
});
