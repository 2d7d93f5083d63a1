/**
 * The console's notice banners: each can be dismissed and goes away on its own after `lifeMs`.
 * A notice keeps a function that writes its text, so it is shown in the language chosen now,
 * not the one of the moment it came. At most `most` notices are kept, the newest last.
 */
export interface Notice {
  id: number;
  text: () => string;
  until: number;
}

export class NoticeBoard {
  private items: Notice[] = [];
  private next = 1;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly changed: () => void,
    private readonly lifeMs = 8000,
    private readonly most = 3,
    private readonly now: () => number = () => Date.now(),
    private readonly timers: { set: (cb: () => void, ms: number) => ReturnType<typeof setTimeout>; clear: (h: ReturnType<typeof setTimeout>) => void } = {
      set: (cb, ms) => setTimeout(cb, ms),
      clear: (h) => clearTimeout(h),
    },
  ) {}

  /** Shows a notice; returns its id. */
  add(text: () => string): number {
    const id = this.next++;
    this.items = [...this.items, { id, text, until: this.now() + this.lifeMs }].slice(-this.most);
    this.schedule();
    this.changed();
    return id;
  }

  dismiss(id: number): void {
    const before = this.items.length;
    this.items = this.items.filter((n) => n.id !== id);
    if (this.items.length !== before) {
      this.schedule();
      this.changed();
    }
  }

  /** The notices still showing, oldest first. */
  get current(): readonly Notice[] {
    return this.items;
  }

  /** Drops the notices whose time is up (the timer calls it). */
  expire(): void {
    const now = this.now();
    const before = this.items.length;
    this.items = this.items.filter((n) => n.until > now);
    this.schedule();
    if (this.items.length !== before) this.changed();
  }

  private schedule(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    if (this.items.length === 0) return;
    const soonest = Math.min(...this.items.map((n) => n.until));
    this.timer = this.timers.set(() => this.expire(), Math.max(0, soonest - this.now()));
  }
}
