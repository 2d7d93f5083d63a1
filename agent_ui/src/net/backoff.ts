/** Settings of an exponential back-off. */
export interface BackoffPolicy {
  /** Delay before the first retry, in ms. */
  initialMs: number;
  /** The delay never grows past this, in ms. */
  maxMs: number;
  /** Growth per failed attempt. */
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2 };

/**
 * The delay before retry number `attempt` (0 for the first retry): exponential growth capped at
 * `maxMs`, with "equal jitter" — half the delay fixed, half random — so that many clients cut off
 * together by a server restart do not all come back in the same millisecond, while none retries
 * sooner than half the nominal delay.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const nominal = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  const half = nominal / 2;
  return Math.round(half + random() * half);
}
