import type { ServerEvent } from "../protocol/types";

/** Where the mute switch is remembered (this browser). */
export const MUTE_KEY = "kefu.console.muted";

export interface AlertOutlets {
  beep(): void;
  /** A desktop notification, where the browser allows it. */
  desktop(title: string, body: string): void;
}

/**
 * Sound and desktop notification for a customer's new message in one of my conversations,
 * unless the agent is looking at that conversation or has muted alerts. The mute switch is
 * kept in localStorage. Counts the alerts given (`count`, for the browser tests).
 */
export class MessageAlerts {
  count = 0;
  private mutedNow: boolean;

  constructor(
    private readonly outlets: AlertOutlets,
    private readonly storage: Pick<Storage, "getItem" | "setItem"> | null = safeLocalStorage(),
  ) {
    this.mutedNow = this.storage?.getItem(MUTE_KEY) === "1";
  }

  get muted(): boolean {
    return this.mutedNow;
  }

  setMuted(muted: boolean): void {
    this.mutedNow = muted;
    try {
      this.storage?.setItem(MUTE_KEY, muted ? "1" : "0");
    } catch {
      // Blocked storage: the switch holds for this page.
    }
  }

  /**
   * Alerts for `event` when it is a customer's message in a conversation of `mine` that the
   * agent is not looking at (`looking(id)`); returns whether it did.
   */
  consider(event: ServerEvent, mine: ReadonlySet<number>, looking: (id: number) => boolean, title: (name: string) => string): boolean {
    if (event.type !== "message" || event.author?.kind !== "customer") return false;
    if (!mine.has(event.conversation_id) || looking(event.conversation_id) || this.mutedNow) return false;
    this.count += 1;
    this.outlets.beep();
    this.outlets.desktop(title(event.author.name ?? ""), event.text.slice(0, 140));
    return true;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** Shows a desktop notification when the agent has allowed them; quiet otherwise. */
export function desktopNotification(title: string, body: string): void {
  try {
    if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
    new Notification(title, { body, tag: "kefu-message" });
  } catch {
    // Some browsers only notify from a service worker: the sound and the title still tell.
  }
}

/** Asks for permission to notify (from a click: browsers ask only after a user gesture). */
export function askForDesktopNotifications(): void {
  try {
    if (typeof Notification !== "undefined" && Notification.permission === "default") void Notification.requestPermission();
  } catch {
    // Not supported here.
  }
}
