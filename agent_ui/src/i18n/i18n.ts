import { CATALOG, LOCALES, type Locale, type MessageKey } from "./catalog";

export type { Locale, MessageKey } from "./catalog";
export { LOCALES } from "./catalog";

/** Where the chosen language is remembered. */
export interface LocaleStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const STORAGE_KEY = "kefu.locale";

/** Picks the supported locale closest to a list of browser languages (default zh-CN). */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith("zh")) return "zh-CN";
    if (lower.startsWith("en")) return "en";
  }
  return "zh-CN";
}

/**
 * Interface texts and locale-aware formatting of dates, numbers and durations, in one of the
 * supported locales. Switching the locale notifies subscribers so pages re-render.
 */
export class I18n {
  private current: Locale;
  private readonly listeners = new Set<(locale: Locale) => void>();
  private timeFormat!: Intl.DateTimeFormat;
  private dateTimeFormat!: Intl.DateTimeFormat;
  private numberFormat!: Intl.NumberFormat;

  constructor(
    locale: Locale,
    private readonly store: LocaleStore | null = null,
    private readonly timeZone?: string,
  ) {
    this.current = locale;
    this.buildFormats();
  }

  /** An I18n for the browser: remembered choice, else the browser's languages. */
  static forBrowser(): I18n {
    let store: LocaleStore | null = null;
    try {
      store = window.localStorage;
    } catch {
      store = null;
    }
    const saved = store?.getItem(STORAGE_KEY);
    const locale = LOCALES.includes(saved as Locale)
      ? (saved as Locale)
      : pickLocale(navigator.languages ?? [navigator.language]);
    return new I18n(locale, store);
  }

  get locale(): Locale {
    return this.current;
  }

  setLocale(locale: Locale): void {
    if (!LOCALES.includes(locale) || locale === this.current) return;
    this.current = locale;
    this.buildFormats();
    try {
      this.store?.setItem(STORAGE_KEY, locale);
    } catch {
      // Storage may be full or blocked; the choice then lasts for this page only.
    }
    for (const listener of this.listeners) listener(locale);
  }

  /** Switches between the two languages. */
  toggle(): void {
    this.setLocale(this.current === "en" ? "zh-CN" : "en");
  }

  subscribe(listener: (locale: Locale) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The text for `key` with `{name}` placeholders replaced (numbers formatted for the locale). */
  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    const template = CATALOG[this.current][key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? this.number(value) : value;
    });
  }

  /** A sentence for an error code from the server (or "offline" from the client). */
  error(code: string): string {
    const key = `error.${code}`;
    return key in CATALOG[this.current] ? this.t(key as MessageKey) : this.t("error.other", { code });
  }

  /** Hours and minutes of a server time. */
  time(at: number): string {
    return this.timeFormat.format(at);
  }

  /** Date and time of a server time. */
  dateTime(at: number): string {
    return this.dateTimeFormat.format(at);
  }

  number(value: number): string {
    return this.numberFormat.format(value);
  }

  /** A duration such as "45 s", "3 min", "1 h 5 min". */
  duration(seconds: number): string {
    const s = Math.max(0, Math.floor(seconds));
    if (s < 60) return this.t("duration.seconds", { n: s });
    const minutes = Math.floor(s / 60);
    if (minutes < 60) return this.t("duration.minutes", { n: minutes });
    return this.t("duration.hours", { n: Math.floor(minutes / 60), m: minutes % 60 });
  }

  /** An expected wait, rounded up to whole minutes, as a customer reads it. */
  expectedWait(seconds: number): string {
    if (seconds < 60) return this.t("wait.lessThanMinute");
    return this.t("duration.minutes", { n: Math.ceil(seconds / 60) });
  }

  private buildFormats(): void {
    const zone = this.timeZone ? { timeZone: this.timeZone } : {};
    this.timeFormat = new Intl.DateTimeFormat(this.current, { hour: "2-digit", minute: "2-digit", ...zone });
    this.dateTimeFormat = new Intl.DateTimeFormat(this.current, {
      dateStyle: "medium",
      timeStyle: "short",
      ...zone,
    });
    this.numberFormat = new Intl.NumberFormat(this.current);
  }
}
