// The wallboard's figures from a `kpi` frame and how they read from across the room.
import { LOCALES, pickLocale, type Locale } from "../i18n/i18n";
import type { ActiveAlert, KpiEvent } from "../protocol/types";

/** What the wallboard shows: today's figures and the live counts (docs/protocol.md, `kpi`). */
export interface WallboardFigures {
  waiting: number;
  oldestWaitMs: number | null;
  /** 0..1, or null before anything was answered or abandoned today. */
  serviceLevel: number | null;
  /** Waiting chats past the service-level target (`live.alerts.breached`). */
  breached: number;
  agentsOnline: number;
  agentsAway: number;
  answered: number;
  abandoned: number;
  alerts: ActiveAlert[];
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** The wallboard's figures from one `kpi` frame (missing fields count as none). */
export function wallboardFigures(event: KpiEvent): WallboardFigures {
  const total = event.live?.total ?? {};
  return {
    waiting: num(total.waiting) ?? 0,
    oldestWaitMs: num(total.oldest_wait_ms),
    serviceLevel: num(total.service_level),
    breached: num(event.live?.alerts?.breached) ?? 0,
    agentsOnline: num(total.agents_online) ?? 0,
    agentsAway: num(total.agents_away) ?? 0,
    answered: num(total.counts?.answered) ?? 0,
    abandoned: num(total.counts?.abandoned) ?? 0,
    alerts: event.live?.alerts?.active ?? [],
  };
}

/** A wait as a clock reads it: "0:45", "12:05", "1:02:03"; "—" for none. */
export function clockWait(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** A share 0..1 as a whole percentage ("87 %"); "—" for none. */
export function wholePercent(value: number | null): string {
  return value === null || !Number.isFinite(value) ? "—" : `${Math.round(value * 100)} %`;
}

/**
 * The wallboard's language: `?lang=zh-CN|en` in the address when it names a supported one (a TV
 * has nobody to switch it), else the signed-in user's remembered choice, else the browser's.
 */
export function wallboardLocale(search: string, saved: string | null, browser: readonly string[]): Locale {
  const asked = new URLSearchParams(search).get("lang");
  if (LOCALES.includes(asked as Locale)) return asked as Locale;
  if (LOCALES.includes(saved as Locale)) return saved as Locale;
  return pickLocale(browser);
}
