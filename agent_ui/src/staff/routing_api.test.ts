import { describe, expect, it } from "vitest";
import { retireTargets, type Queue, type RoutingSetup } from "./routing_api";

function queue(name: string, channel: "chat" | "ticket", retired = false): Queue {
  return {
    name,
    channel,
    team: "support",
    skill: "billing",
    min_level: 1,
    language: "",
    priority: 0,
    segment: "",
    overflow: { after_seconds: 0, skills: [], min_level: 0, any_language: false },
    offer_mode: "assign",
    offer_timeout_seconds: 0,
    retired_at: retired ? 1 : null,
    moved_to: retired ? "general" : null,
  };
}

describe("where a retired queue's waiting may go", () => {
  it("offers the channel's built-in queue and the other live queues of that channel", () => {
    const setup: RoutingSetup = {
      teams: [],
      hours: {},
      queues: [queue("billing", "chat"), queue("vip", "chat"), queue("old", "chat", true), queue("claims", "ticket")],
      skills: [],
      built_in: ["general", "tickets"],
      waiting: {},
    };
    expect(retireTargets(setup, setup.queues[0]!)).toEqual(["general", "vip"]);
    expect(retireTargets(setup, setup.queues[3]!)).toEqual(["tickets"]);
  });
});

import { parseDates, parseSpans } from "./routing_api";

describe("business hours as typed or pasted", () => {
  it("reads a pasted list of holidays in the usual Chinese and ISO forms", () => {
    expect(parseDates("2026-10-01\n2026/10/2, 2026.10.3、2026年10月4日 2026-10-05")).toEqual([
      "2026-10-01",
      "2026-10-02",
      "2026-10-03",
      "2026-10-04",
      "2026-10-05",
    ]);
    expect(parseDates("tomorrow")).toEqual(["tomorrow"]);
  });

  it("reads a day's spans, and an empty day as closed", () => {
    expect(parseSpans("09:00-12:00, 13:00–18:00")).toEqual([
      ["09:00", "12:00"],
      ["13:00", "18:00"],
    ]);
    expect(parseSpans("")).toEqual([]);
  });
});
