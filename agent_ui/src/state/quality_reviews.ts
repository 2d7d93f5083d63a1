// Client-side shapes and pure helpers for quality review (docs/protocol.md, "Quality").
// The server scores and stores; these only prepare requests and present answers.

import type { AuthorKind, ServerTime } from "../protocol/types";

/** One line of an automatic score's breakdown; `earned` is 0..1, null when it does not apply. */
export interface QualityItem {
  name: string;
  weight: number;
  earned: number | null;
  detail: string;
  detail_code?: string; // the page's text quality.detail.<code> names it in either language
  detail_values?: Record<string, number>;
}

export interface ScoredConversation {
  conversation_id: number;
  agent_id: number;
  agent_name: string;
  queue: string;
  channel: string;
  status: string;
  scored_at: ServerTime;
  score: number;
  items: QualityItem[];
  csat: number | null;
  reviews: number;
  review_score: number | null;
  /** The customer's display name and when the conversation was opened and resolved. */
  customer_name?: string;
  created_at?: ServerTime;
  resolved_at?: ServerTime | null;
}

export interface ScorecardCategory {
  name: string;
  weight: number;
}

export interface QualitySettings {
  weights: Record<string, number>;
  scorecard: ScorecardCategory[];
  first_response_target_ms: Record<string, number>;
  reply_target_ms: Record<string, number>;
}

export interface Review {
  id: number;
  conversation_id: number;
  agent_id: number;
  agent_name: string;
  reviewer_id: number;
  reviewer_name: string;
  at: ServerTime;
  score: number;
  marks: Record<string, number>;
  comment: string;
  automatic_score: number | null;
}

export interface CalibrationRow {
  agent_id: number;
  agent_name: string;
  reviews: number;
  review_mean: number;
  compared: number;
  automatic_mean: number | null;
  difference: number | null;
}

export interface TranscriptMessage {
  seq: number;
  at: ServerTime;
  author: { kind: AuthorKind; id: number; name: string };
  text: string;
}

export interface ConversationDetail {
  conversation: {
    id: number;
    status: string;
    channel: string;
    queue: string;
    created_at: ServerTime;
    resolved_at: ServerTime | null;
    agent_id: number | null;
    agent_name: string;
  };
  messages: TranscriptMessage[];
  automatic: { score: number; items: QualityItem[]; scored_at: ServerTime } | null;
  survey: { rating: number; comment: string; at: ServerTime } | null;
  reviews: Review[];
}

/** What the supervisor filters scored conversations by (dates as yyyy-mm-dd, local). */
export interface QualityFilter {
  agentId: number | null;
  queue: string;
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

/**
 * The query string for GET /api/quality/conversations: local whole days [from, to], an agent
 * and a queue when chosen. Null when the dates are not a valid range.
 */
export function scoredQuery(filter: QualityFilter): string | null {
  const from = new Date(`${filter.from}T00:00:00`).getTime();
  const to = new Date(`${filter.to}T00:00:00`).getTime() + DAY_MS;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return null;
  const params = new URLSearchParams({ from: String(from), to: String(to) });
  if (filter.agentId !== null) params.set("agent", String(filter.agentId));
  if (filter.queue.trim()) params.set("queue", filter.queue.trim());
  return params.toString();
}

/**
 * The marks typed into the scorecard as numbers, or null unless every category has a mark
 * from 0 to 100 (the server refuses anything else).
 */
export function parseMarks(card: ScorecardCategory[], typed: Record<string, string>): Record<string, number> | null {
  const marks: Record<string, number> = {};
  for (const category of card) {
    const text = (typed[category.name] ?? "").trim();
    if (!text) return null;
    const mark = Number(text);
    if (!Number.isFinite(mark) || mark < 0 || mark > 100) return null;
    marks[category.name] = mark;
  }
  return marks;
}

/** The weighted mean of the marks on the card (what the server will store), or null. */
export function reviewScore(card: ScorecardCategory[], marks: Record<string, number> | null): number | null {
  if (!marks) return null;
  let weight = 0;
  let total = 0;
  for (const category of card) {
    const mark = marks[category.name];
    if (mark === undefined) return null;
    weight += category.weight;
    total += category.weight * mark;
  }
  return weight > 0 ? total / weight : null;
}

/** A breakdown line as shown: its share of the score (weights of applicable items normalised). */
export interface BreakdownRow {
  name: string;
  applies: boolean;
  sharePercent: number;
  earnedPercent: number | null;
  points: number | null;
  detail: string;
  detail_code?: string;
  detail_values?: Record<string, number>;
}

/** The breakdown with each applicable item's share of 100 and the points it earned. */
export function breakdownRows(items: QualityItem[]): BreakdownRow[] {
  const applicable = items.filter((i) => i.earned !== null).reduce((sum, i) => sum + i.weight, 0);
  return items.map((i) => {
    const applies = i.earned !== null;
    const share = applies && applicable > 0 ? (i.weight / applicable) * 100 : 0;
    return {
      name: i.name,
      applies,
      sharePercent: share,
      earnedPercent: applies ? (i.earned as number) * 100 : null,
      points: applies ? share * (i.earned as number) : null,
      detail: i.detail,
      detail_code: i.detail_code,
      detail_values: i.detail_values,
    };
  });
}

/** A score rounded to one decimal for display. */
export function roundScore(score: number): number {
  return Math.round(score * 10) / 10;
}
