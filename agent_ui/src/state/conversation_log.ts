import type { AuthorKind, ConversationSummary, MessageEvent, ServerTime } from "../protocol/types";

/** One stored message, as the server numbered it. */
export interface ChatMessage {
  conversationId: number;
  seq: number;
  at: ServerTime;
  clientId: string | null;
  author: { kind: AuthorKind; id: number | null; name: string | null };
  text: string;
}

/** Converts a `message` event from the wire into a ChatMessage. */
export function messageFromEvent(event: MessageEvent): ChatMessage {
  return {
    conversationId: event.conversation_id,
    seq: event.seq,
    at: event.at,
    clientId: event.client_id ?? null,
    author: {
      kind: event.author.kind,
      id: event.author.id ?? null,
      name: event.author.name ?? null,
    },
    text: event.text,
  };
}

/**
 * The messages of one conversation that this client holds, kept by `seq`.
 *
 * The server numbers messages 1, 2, 3... without gaps, so the log knows exactly what is
 * missing: everything after `heldThrough()` up to the highest seq it has seen or been told
 * about. Adding a seq it already holds changes nothing (a message delivered twice, once live
 * and once by a sync, shows once).
 */
export class ConversationLog {
  summary: ConversationSummary | null = null;
  /** The highest seq of the other side's messages that the user has seen. */
  readThrough = 0;

  private readonly bySeq = new Map<number, ChatMessage>();
  private contiguous = 0;
  private highestKnown = 0;
  private sortedCache: ChatMessage[] | null = null;

  constructor(readonly id: number) {}

  /** Adds a message; returns false (and changes nothing) if its seq is already held. */
  add(message: ChatMessage): boolean {
    if (message.conversationId !== this.id) {
      throw new Error(`message of conversation ${message.conversationId} added to ${this.id}`);
    }
    if (!Number.isInteger(message.seq) || message.seq < 1) return false;
    if (this.bySeq.has(message.seq)) return false;
    this.bySeq.set(message.seq, message);
    this.sortedCache = null;
    this.noteServerLastSeq(message.seq);
    while (this.bySeq.has(this.contiguous + 1)) this.contiguous += 1;
    return true;
  }

  /** Records that the server holds messages up to `lastSeq` (from welcome, conversation, synced). */
  noteServerLastSeq(lastSeq: number): void {
    if (lastSeq > this.highestKnown) this.highestKnown = lastSeq;
  }

  /** Every seq from 1 to this one is held. */
  heldThrough(): number {
    return this.contiguous;
  }

  /** The highest seq the server is known to hold. */
  knownLastSeq(): number {
    return this.highestKnown;
  }

  /** The `after_seq` of the sync that would fill the gap, or null when nothing is missing. */
  missingAfter(): number | null {
    return this.highestKnown > this.contiguous ? this.contiguous : null;
  }

  /** Held messages in seq order. The array is shared: do not modify it. */
  messages(): readonly ChatMessage[] {
    if (!this.sortedCache) {
      this.sortedCache = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
    }
    return this.sortedCache;
  }

  /** The last held message, or null. */
  lastMessage(): ChatMessage | null {
    const all = this.messages();
    return all.length ? all[all.length - 1] : null;
  }

  /** Messages by `otherSide` with a seq above `readThrough`. */
  unreadCount(otherSide: AuthorKind): number {
    let count = 0;
    for (const m of this.bySeq.values()) {
      if (m.seq > this.readThrough && m.author.kind === otherSide) count += 1;
    }
    return count;
  }

  /** Marks everything held as read. */
  markAllRead(): void {
    this.readThrough = Math.max(this.readThrough, this.lastMessage()?.seq ?? 0);
  }

  /**
   * Since when the customer has been waiting for an answer: the time of the first customer
   * message after the last agent message, or null if the agent spoke last (or nobody spoke).
   */
  customerWaitingSince(): ServerTime | null {
    let since: ServerTime | null = null;
    for (const m of this.messages()) {
      if (m.author.kind === "agent") since = null;
      else if (m.author.kind === "customer" && since === null) since = m.at;
    }
    return since;
  }
}
