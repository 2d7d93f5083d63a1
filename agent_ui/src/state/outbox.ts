import { RETRYABLE_ERRORS } from "../protocol/types";

/** A message the user wrote that the server has not acknowledged yet. */
export interface PendingMessage {
  clientId: string;
  /** Undefined when the customer writes without naming a conversation (the server picks). */
  conversationId: number | undefined;
  text: string;
  state: "sending" | "failed";
  /** The error code of the last failure, when state is "failed". */
  error: string | null;
}

/**
 * Makes client ids that are unique across tabs and page reloads: a prefix, the local time,
 * a counter and random letters. The server only needs them unique per sender.
 */
export class ClientIdSource {
  private counter = 0;

  constructor(
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  next(): string {
    this.counter += 1;
    const salt = Math.floor(this.random() * 36 ** 6).toString(36);
    return `${this.prefix}-${this.now().toString(36)}-${this.counter}-${salt}`;
  }
}

/**
 * Messages waiting for their `ack`, by client id, in the order they were written.
 * A pending message is sent again, with the SAME client id, after every reconnect until it is
 * acknowledged; the server stores a client id once, so a resend never makes a duplicate.
 */
export class Outbox {
  private readonly pending = new Map<string, PendingMessage>();

  constructor(private readonly ids: ClientIdSource) {}

  /** Queues a new message and returns it (state "sending"). */
  add(text: string, conversationId?: number): PendingMessage {
    const entry: PendingMessage = {
      clientId: this.ids.next(),
      conversationId,
      text,
      state: "sending",
      error: null,
    };
    this.pending.set(entry.clientId, entry);
    return entry;
  }

  /** Puts back a message restored from storage (e.g. after a reload). */
  restore(entry: PendingMessage): void {
    this.pending.set(entry.clientId, { ...entry });
  }

  get(clientId: string): PendingMessage | undefined {
    return this.pending.get(clientId);
  }

  /** Removes and returns the message the server acknowledged (or delivered back by a sync). */
  settle(clientId: string): PendingMessage | undefined {
    const entry = this.pending.get(clientId);
    this.pending.delete(clientId);
    return entry;
  }

  /**
   * Records an error for a pending message. Retryable codes (rate_limited, unavailable) keep it
   * "sending" so the next resend carries it; others mark it "failed" until the user retries.
   * Returns false if the client id is not pending.
   */
  fail(clientId: string, code: string): boolean {
    const entry = this.pending.get(clientId);
    if (!entry) return false;
    entry.error = code;
    if (!RETRYABLE_ERRORS.has(code)) entry.state = "failed";
    return true;
  }

  /** Puts a failed message back to "sending" (same client id) and returns it. */
  retry(clientId: string): PendingMessage | undefined {
    const entry = this.pending.get(clientId);
    if (!entry) return undefined;
    entry.state = "sending";
    entry.error = null;
    return entry;
  }

  /** Messages to send (again) now, oldest first. */
  toSend(): PendingMessage[] {
    return [...this.pending.values()].filter((p) => p.state === "sending");
  }

  all(): PendingMessage[] {
    return [...this.pending.values()];
  }
}
