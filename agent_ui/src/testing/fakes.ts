// Test doubles for the network edge: a WebSocket the test drives by hand and timers the test
// advances. Used by the unit tests only.
import type { SocketLike, Timers } from "../net/reconnecting_socket";

export class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: unknown[] = [];
  closedWith: number | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[] = [],
  ) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error("send on a socket that is not open");
    this.sent.push(JSON.parse(data));
  }

  close(code = 1000): void {
    if (this.readyState === 3) return;
    this.closedWith = code;
    this.serverClose(code);
  }

  /** The server accepts the socket. */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** The server sends one frame. */
  receive(event: object): void {
    this.onmessage?.({ data: JSON.stringify(event) });
  }

  /** The connection ends (network loss: 1006). */
  serverClose(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }

  /** Sent frames of one type. */
  sentOfType<T = Record<string, unknown>>(type: string): T[] {
    return this.sent.filter((f) => (f as { type: string }).type === type) as T[];
  }
}

export class FakeTimers implements Timers {
  now = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Delays of the timers now waiting, soonest first. */
  waiting(): number[] {
    return [...this.pending.values()].map((p) => p.at - this.now).sort((a, b) => a - b);
  }

  /** Moves the clock on, firing due timers in order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, p]) => p.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = end;
  }
}

/** Lets pending promise callbacks (e.g. an async prepare) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
