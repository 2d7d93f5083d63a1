// The team's opening hours as the widget shows them while it is closed (GET /api/widget/hours,
// docs/protocol.md, "Admin: business hours").

export interface TeamHoursJson {
  time_zone: string;
  week: Record<string, [string, string][]>;
  holidays: string[];
  working_days: string[];
}

export interface WidgetHours {
  team: string | null;
  open: boolean;
  now: number;
  next_open: number | null;
  hours: TeamHoursJson | null;
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export interface DayLine {
  /** The weekday's name in the locale. */
  day: string;
  /** "09:00–12:00, 13:00–18:00", or "" when closed. */
  spans: string;
}

/** Monday first, each weekday with its spans, names in `locale`. */
export function weekLines(hours: TeamHoursJson, locale: string): DayLine[] {
  const names = new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" });
  // 2024-01-01 was a Monday.
  return DAYS.map((key, i) => ({
    day: names.format(new Date(Date.UTC(2024, 0, 1 + i))),
    spans: (hours.week[key] ?? []).map(([open, close]) => `${open}–${close}`).join(", "),
  }));
}

/** When the team opens next, in its own time zone, e.g. "Monday 09:00". */
export function nextOpening(at: number, hours: TeamHoursJson, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: hours.time_zone,
  }).format(new Date(at));
}
