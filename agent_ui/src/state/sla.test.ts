import { describe, expect, it } from "vitest";
import { clockRisk, resolutionOverdue, slaRisk, type SlaClock } from "./sla";

const clock = (over: Partial<SlaClock> = {}): SlaClock => ({
  conversation_id: 7,
  priority: "vip",
  priority_by: null,
  policy: "queue:billing:vip",
  time: "business",
  waiting_since: 1_000,
  target: "first_response",
  target_ms: 4_000,
  at_risk_at: 4_000,
  due_at: 86_405_000, // business time: due the next morning, not 4 s later
  risk: "ok",
  resolution_target_ms: 3_600_000,
  resolution_due_at: null,
  ...over,
});

describe("the console's SLA badge from the server's clock", () => {
  it("follows the clock's instants, not the calendar time since the wait began", () => {
    expect(clockRisk(clock(), 3_999)).toBe("ok");
    expect(clockRisk(clock(), 4_000)).toBe("at_risk");
    // 10 s later in calendar time, still not breached: the team is closed overnight.
    expect(clockRisk(clock(), 11_000)).toBe("at_risk");
    expect(slaRisk(10_000, 4_000)).toBe("breached");
    expect(clockRisk(clock(), 86_405_000)).toBe("breached");
  });

  it("says none when nobody waits, and never breaches a clock without a due time", () => {
    expect(clockRisk(clock({ waiting_since: null }), 99_999_999)).toBe("none");
    expect(clockRisk(clock({ due_at: null, at_risk_at: null }), 99_999_999)).toBe("ok");
  });
});

describe("the resolution badge", () => {
  it("shows once the resolution target passed on the policy's clock", () => {
    expect(resolutionOverdue(clock({ resolution_due_at: 50_000 }), 49_999)).toBe(false);
    expect(resolutionOverdue(clock({ resolution_due_at: 50_000 }), 50_000)).toBe(true);
    expect(resolutionOverdue(clock({ resolution_due_at: null }), 99_999_999)).toBe(false);
    expect(resolutionOverdue(undefined, 99_999_999)).toBe(false);
  });
});
