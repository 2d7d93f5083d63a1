import { describe, expect, it } from "vitest";
import type { KpiEvent } from "../protocol/types";
import { clockWait, wallboardFigures, wallboardLocale, wholePercent } from "./wallboard";

describe("clockWait", () => {
  it("reads as a clock", () => {
    expect(clockWait(0)).toBe("0:00");
    expect(clockWait(45_999)).toBe("0:45");
    expect(clockWait(725_000)).toBe("12:05");
    expect(clockWait(3_723_000)).toBe("1:02:03");
  });
  it("shows a dash for no wait and never goes negative", () => {
    expect(clockWait(null)).toBe("—");
    expect(clockWait(Number.NaN)).toBe("—");
    expect(clockWait(-5000)).toBe("0:00");
  });
});

describe("wholePercent", () => {
  it("rounds to a whole percentage", () => {
    expect(wholePercent(0.8749)).toBe("87 %");
    expect(wholePercent(1)).toBe("100 %");
    expect(wholePercent(0)).toBe("0 %");
    expect(wholePercent(null)).toBe("—");
  });
});

describe("wallboardLocale", () => {
  it("takes ?lang first, then the saved choice, then the browser", () => {
    expect(wallboardLocale("?lang=en", "zh-CN", ["zh-CN"])).toBe("en");
    expect(wallboardLocale("?lang=zh-CN", "en", ["en-US"])).toBe("zh-CN");
    expect(wallboardLocale("?lang=fr", "en", ["zh-CN"])).toBe("en");
    expect(wallboardLocale("", null, ["en-GB"])).toBe("en");
    expect(wallboardLocale("", "xx", ["de"])).toBe("zh-CN");
  });
});

describe("wallboardFigures", () => {
  it("reads the totals, today's counts and the alerts", () => {
    const event = {
      type: "kpi",
      live: {
        at: 1, day_start: 0,
        alerts: { thresholds: { waiting: 1, oldest_wait_ms: null, service_level: null, breached: null },
          active: [{ alert: "waiting", value: 3, threshold: 1, since: 1 }], breached: 2 },
        total: { waiting: 3, oldest_wait_ms: 61_000, service_level: 0.5, agents_online: 4, agents_away: 1,
          counts: { answered: 9, abandoned: 2 } },
        queues: {}, teams: {}, channels: {}, agents: {},
      },
      queues: [],
    } as KpiEvent;
    const f = wallboardFigures(event);
    expect(f).toEqual({ waiting: 3, oldestWaitMs: 61_000, serviceLevel: 0.5, breached: 2, agentsOnline: 4,
      agentsAway: 1, answered: 9, abandoned: 2, alerts: event.live.alerts!.active });
  });
  it("counts missing fields as none", () => {
    const f = wallboardFigures({ type: "kpi", live: { total: {} }, queues: [] } as unknown as KpiEvent);
    expect(f).toEqual({ waiting: 0, oldestWaitMs: null, serviceLevel: null, breached: 0, agentsOnline: 0,
      agentsAway: 0, answered: 0, abandoned: 0, alerts: [] });
  });
});
