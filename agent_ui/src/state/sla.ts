import { requestJson } from "../net/http";
import type { Channel, Priority, SlaRisk } from "../protocol/types";

/**
 * How long a customer may wait for an answer before the conversation breaches its SLA, per
 * channel: the server's defaults, until the console has read the shop's SLA policies
 * (replyTargets, GET /api/sla; docs/protocol.md, "Admin: SLA policies").
 */
export const REPLY_TARGET_MS: Readonly<Record<Channel, number>> = {
  chat: 20_000,
  ticket: 8 * 3600_000,
  email: 24 * 3600_000,
};

/** Breached at the target, at risk from three quarters of it, `none` when nobody waits. */
export function slaRisk(waitedMs: number | null, targetMs: number): SlaRisk {
  if (waitedMs === null) return "none";
  if (waitedMs >= targetMs) return "breached";
  if (waitedMs * 4 >= targetMs * 3) return "at_risk";
  return "ok";
}

interface SlaPolicyJson {
  first_response_seconds: number;
}

/** The reply targets of the SLA policies (GET /api/sla), the defaults for a channel without one. */
export function replyTargetsFrom(policies: Partial<Record<Channel, SlaPolicyJson>>): Record<Channel, number> {
  const target = (channel: Channel) => {
    const seconds = policies[channel]?.first_response_seconds;
    return typeof seconds === "number" && seconds > 0 ? seconds * 1000 : REPLY_TARGET_MS[channel];
  };
  return { chat: target("chat"), ticket: target("ticket"), email: target("email") };
}

/** The shop's reply targets as the server holds them now. */
export async function loadReplyTargets(): Promise<Record<Channel, number>> {
  return replyTargetsFrom(await requestJson<Partial<Record<Channel, SlaPolicyJson>>>("/api/sla"));
}

/**
 * One open conversation's SLA clock as the server counts it (GET /api/sla/clocks): the policy
 * that applies to it (its queue's, for the customer's priority, else its channel's) on that
 * policy's clock, which in business time stops outside the team's hours. The instants are
 * server time.
 */
export interface SlaClock {
  conversation_id: number;
  /** The conversation's priority, which chose the policy, and who set it (null: the desk). */
  priority: Priority | "";
  priority_by: "supervisor" | "rule" | null;
  policy: string;
  time: "calendar" | "business";
  waiting_since: number | null;
  target: "first_response" | "next_response";
  target_ms: number;
  at_risk_at: number | null;
  due_at: number | null;
  risk: SlaRisk;
  resolution_target_ms: number;
  resolution_due_at: number | null;
}

/** The clocks of the conversations the signed-in staff member holds (all open ones for a supervisor). */
export async function loadSlaClocks(): Promise<Map<number, SlaClock>> {
  const answer = await requestJson<{ conversations: SlaClock[] }>("/api/sla/clocks");
  return new Map(answer.conversations.map((c) => [c.conversation_id, c]));
}

/** A clock's risk at server time `now`, from the instants the server computed on the policy's clock. */
export function clockRisk(clock: SlaClock, now: number): SlaRisk {
  if (clock.waiting_since === null) return "none";
  if (clock.due_at !== null && now >= clock.due_at) return "breached";
  if (clock.at_risk_at !== null && now >= clock.at_risk_at) return "at_risk";
  return "ok";
}

/** True once the conversation is open past its resolution target (on the policy's clock). */
export function resolutionOverdue(clock: SlaClock | undefined, now: number): boolean {
  return clock !== undefined && clock.resolution_due_at !== null && now >= clock.resolution_due_at;
}
