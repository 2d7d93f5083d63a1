import type { Channel, SlaRisk } from "../protocol/types";

/**
 * How long a customer may wait for an answer before the conversation breaches its SLA, per
 * channel. The same targets as the server's defaults (docs/protocol.md, "Supervision"), used by
 * the console for its own list; the supervisor screen shows the server's figures.
 */
export const REPLY_TARGET_MS: Readonly<Record<Channel, number>> = { chat: 20_000, ticket: 8 * 3600_000 };

/** Breached at the target, at risk from three quarters of it, `none` when nobody waits. */
export function slaRisk(waitedMs: number | null, targetMs: number): SlaRisk {
  if (waitedMs === null) return "none";
  if (waitedMs >= targetMs) return "breached";
  if (waitedMs * 4 >= targetMs * 3) return "at_risk";
  return "ok";
}
