import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff";

/** The part of the browser's WebSocket that the reconnecting socket uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type ConnectionState = "idle" | "connecting" | "open" | "waiting" | "stopped";

/**
 * Where to connect: the URL (never with a credential in it: proxies and logs keep URLs) and the
 * subprotocols to offer, which is where a customer socket carries its visitor token.
 */
export interface SocketTarget {
  url: string;
  protocols?: string[];
}

export interface ReconnectingSocketOptions {
  /**
   * Called before every attempt; returns what to open (a fresh token may be fetched here),
   * or null to stop trying for good (e.g. the staff session is gone). A rejection counts as a
   * failed attempt and is retried with back-off.
   */
  prepare: () => Promise<SocketTarget | null>;
  createSocket: (target: SocketTarget) => SocketLike;
  timers?: Timers;
  random?: () => number;
  policy?: BackoffPolicy;
  /** Close codes after which no reconnect is tried (default: none). */
  finalCloseCodes?: ReadonlySet<number>;
  onFrame: (data: string) => void;
  onStateChange?: (state: ConnectionState, detail: { attempt: number; delayMs?: number; code?: number }) => void;
}

const OPEN = 1;

/**
 * A WebSocket that comes back by itself. After a close it waits with exponential back-off and
 * jitter, then calls `prepare` and opens a new socket. The attempt counter restarts once the
 * server has sent a first frame (so a server that accepts and drops at once still backs off).
 * Everything that touches the outside world — the socket factory, the timers and randomness —
 * is injected, so tests can drive every path.
 */
export class ReconnectingSocket {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private timer: unknown = null;
  private state: ConnectionState = "idle";
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly policy: BackoffPolicy;
  private generation = 0;

  constructor(private readonly options: ReconnectingSocketOptions) {
    this.timers = options.timers ?? {
      setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.random = options.random ?? Math.random;
    this.policy = options.policy ?? DEFAULT_BACKOFF;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  get isOpen(): boolean {
    return this.state === "open" && this.socket?.readyState === OPEN;
  }

  /** Starts connecting (no effect unless idle or waiting). */
  start(): void {
    if (this.state !== "idle" && this.state !== "waiting") return;
    this.clearTimer();
    void this.connect();
  }

  /** Skips the current back-off wait (e.g. the browser says it is online again). */
  retryNow(): void {
    if (this.state === "waiting") this.start();
  }

  /** Sends a frame if the socket is open; returns whether it was handed to the socket. */
  send(payload: object): boolean {
    if (!this.isOpen || !this.socket) return false;
    this.socket.send(JSON.stringify(payload));
    return true;
  }

  /** Closes the socket and stops reconnecting. */
  stop(): void {
    this.generation += 1;
    this.clearTimer();
    const socket = this.socket;
    this.socket = null;
    this.setState("stopped");
    if (socket) {
      socket.onclose = null;
      socket.close(1000, "bye");
    }
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.setState("connecting");
    let target: SocketTarget | null;
    try {
      target = await this.options.prepare();
    } catch {
      if (generation === this.generation) this.scheduleRetry(undefined);
      return;
    }
    if (generation !== this.generation) return;
    if (target === null) {
      this.setState("stopped");
      return;
    }
    let socket: SocketLike;
    try {
      socket = this.options.createSocket(target);
    } catch {
      this.scheduleRetry(undefined);
      return;
    }
    this.socket = socket;
    let heard = false;
    socket.onopen = () => {
      if (generation === this.generation) this.setState("open");
    };
    socket.onmessage = (event) => {
      if (generation !== this.generation || typeof event.data !== "string") return;
      if (!heard) {
        heard = true;
        this.attempt = 0;
      }
      this.options.onFrame(event.data);
    };
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (generation !== this.generation) return;
      this.socket = null;
      if (this.options.finalCloseCodes?.has(event.code)) {
        this.setState("stopped", { code: event.code });
        return;
      }
      this.scheduleRetry(event.code);
    };
  }

  private scheduleRetry(code: number | undefined): void {
    const delayMs = backoffDelay(this.attempt, this.policy, this.random);
    this.attempt += 1;
    this.setState("waiting", { delayMs, code });
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private setState(state: ConnectionState, detail: { delayMs?: number; code?: number } = {}): void {
    this.state = state;
    this.options.onStateChange?.(state, { attempt: this.attempt, ...detail });
  }
}

/** Opens a real browser WebSocket. (Its handler types are stricter than SocketLike's.) */
export function browserSocket(target: SocketTarget): SocketLike {
  return new WebSocket(target.url, target.protocols ?? []) as unknown as SocketLike;
}
