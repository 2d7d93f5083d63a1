import { requestJson } from "../net/http";
import type { Channel, SlaRisk } from "../protocol/types";

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
