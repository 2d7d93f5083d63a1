import { describe, expect, it } from "vitest";
import { breakdownRows, parseMarks, reviewScore, roundScore, scoredQuery } from "./quality_reviews";

const card = [
  { name: "accuracy", weight: 40 },
  { name: "resolution", weight: 25 },
  { name: "tone", weight: 20 },
  { name: "process", weight: 15 },
];

describe("quality review helpers", () => {
  it("needs every category marked 0..100 before a review can be sent", () => {
    expect(parseMarks(card, { accuracy: "100", resolution: "50", tone: "100" })).toBeNull();
    expect(parseMarks(card, { accuracy: "100", resolution: "50", tone: "100", process: "101" })).toBeNull();
    expect(parseMarks(card, { accuracy: "100", resolution: "x", tone: "100", process: "0" })).toBeNull();
    expect(parseMarks(card, { accuracy: "100", resolution: "-1", tone: "100", process: "0" })).toBeNull();
    expect(parseMarks(card, { accuracy: " 100 ", resolution: "50", tone: "100", process: "0" })).toEqual({
      accuracy: 100,
      resolution: 50,
      tone: 100,
      process: 0,
    });
  });

  it("previews the weighted review score as the server computes it", () => {
    const marks = parseMarks(card, { accuracy: "100", resolution: "50", tone: "100", process: "0" });
    expect(reviewScore(card, marks)).toBeCloseTo(72.5);
    expect(reviewScore(card, null)).toBeNull();
    expect(reviewScore(card, { accuracy: 100 })).toBeNull();
  });

  it("builds the list query from local whole days, agent and queue", () => {
    const q = scoredQuery({ agentId: 3, queue: " general ", from: "2026-11-20", to: "2026-11-22" });
    const params = new URLSearchParams(q ?? "");
    expect(Number(params.get("to")) - Number(params.get("from"))).toBe(3 * 86_400_000);
    expect(params.get("agent")).toBe("3");
    expect(params.get("queue")).toBe("general");
    expect(scoredQuery({ agentId: null, queue: "", from: "2026-11-22", to: "2026-11-20" })).toBeNull();
    expect(new URLSearchParams(scoredQuery({ agentId: null, queue: "", from: "2026-11-20", to: "2026-11-20" }) ?? "").has("agent")).toBe(false);
  });

  it("shares the score among the items that apply", () => {
    const rows = breakdownRows([
      { name: "replies_within_target", weight: 25, earned: 0.5, detail: "1 of 2" },
      { name: "kb_answer_used", weight: 10, earned: null, detail: "no confident KB answer" },
      { name: "greeting", weight: 25, earned: 1, detail: "present" },
    ]);
    expect(rows[0].sharePercent).toBeCloseTo(50);
    expect(rows[0].points).toBeCloseTo(25);
    expect(rows[1]).toMatchObject({ applies: false, points: null, earnedPercent: null });
    expect(rows[2].points).toBeCloseTo(50);
    expect(roundScore(72.449)).toBe(72.4);
  });
});
