import type {
  AckEvent,
  Priority,
  ClientCommand,
  ConversationSummary,
  ServerEvent,
  SyncCommand,
  User,
  WhisperEvent,
} from "../protocol/types";
import { ConversationLog, messageFromEvent } from "./conversation_log";
import type { ClientIdSource } from "./outbox";

/** Raised when the server answers a supervisor's command with `error` (or the socket is gone). */
export class SupervisionError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

interface Waiter {
  resolve: (ack: AckEvent) => void;
  reject: (error: SupervisionError) => void;
  /** A reply to the customer: added to the log when acknowledged. */
  reply?: { conversationId: number; clientId: string; text: string };
  /** A whisper of this supervisor's: shown with the others when acknowledged. */
  whisper?: { conversationId: number; clientId: string; text: string };
}

/**
 * The supervisor's side of monitor, whisper and take over (docs/protocol.md, "Supervision"),
 * without DOM or sockets: `send` puts a command on the staff socket (false when it is closed)
 * and `apply` takes every server frame. Holds the one conversation being watched (history by
 * sync, live messages, whispers) and the conversations the supervisor has taken over. After a
 * reconnect (a new `welcome`) it watches the same conversation again and fills any gap.
 */
export class Supervision {
  me: User | null = null;
  /** Conversations assigned to this supervisor (taken over), by id. */
  readonly mine = new Map<number, ConversationSummary>();
  private log: ConversationLog | null = null;
  private whisperList: WhisperEvent[] = [];
  private readonly waiters = new Map<string, Waiter>();
  private syncing = false;

  constructor(
    private readonly send: (command: ClientCommand) => boolean,
    private readonly ids: ClientIdSource,
  ) {}

  /** The conversation being watched, or null. */
  get watched(): ConversationLog | null {
    return this.log;
  }

  /** Whispers of the watched conversation seen since it was opened, oldest first. */
  get whispers(): readonly WhisperEvent[] {
    return this.whisperList;
  }

  /** Whether the watched conversation is assigned to this supervisor (taken over). */
  get watchedIsMine(): boolean {
    const agent = this.log?.summary?.agent?.id;
    return agent !== undefined && agent !== null && agent === this.me?.id;
  }

  /** Starts watching a conversation (and stops watching the previous one). */
  open(conversationId: number): Promise<AckEvent> {
    if (this.log && this.log.id !== conversationId) this.close();
    if (!this.log) {
      this.log = new ConversationLog(conversationId);
      this.whisperList = [];
    }
    return this.request((client_id) => ({ type: "monitor", client_id, conversation_id: conversationId }));
  }

  /** Stops watching. */
  close(): void {
    if (!this.log) return;
    const id = this.log.id;
    this.log = null;
    this.whisperList = [];
    this.syncing = false;
    this.send({ type: "unmonitor", client_id: this.ids.next(), conversation_id: id });
  }

  whisper(text: string): Promise<AckEvent> {
    const id = this.requireWatched();
    return this.request(
      (client_id) => ({ type: "whisper", client_id, conversation_id: id, text }),
      undefined,
      (clientId) => ({ conversationId: id, clientId, text }),
    );
  }

  /** Hands the watched conversation to an agent (by user id) or a queue (supervisor `transfer`). */
  reassign(to: { agent: number } | { queue: string }): Promise<AckEvent> {
    const id = this.requireWatched();
    return this.request((client_id) =>
      "agent" in to
        ? { type: "transfer", client_id, conversation_id: id, to_agent: to.agent }
        : { type: "transfer", client_id, conversation_id: id, to_queue: to.queue },
    );
  }

  /** Sets a conversation's priority (any open one on the list, watched or not). */
  setPriority(conversationId: number, priority: Priority): Promise<AckEvent> {
    return this.request((client_id) => ({ type: "set_priority", client_id, conversation_id: conversationId, priority }));
  }

  takeOver(): Promise<AckEvent> {
    const id = this.requireWatched();
    return this.request((client_id) => ({ type: "take_over", client_id, conversation_id: id }));
  }

  /** Writes to the customer of a conversation taken over. */
  reply(text: string): Promise<AckEvent> {
    const conversationId = this.requireWatched();
    return this.request(
      (client_id) => ({ type: "message", client_id, conversation_id: conversationId, text }),
      (clientId) => ({ conversationId, clientId, text }),
    );
  }

  resolve(): Promise<AckEvent> {
    const id = this.requireWatched();
    return this.request((client_id) => ({ type: "resolve", client_id, conversation_id: id }));
  }

  /** The socket closed: commands in flight will not be answered. */
  connectionLost(): void {
    this.syncing = false;
    for (const waiter of this.waiters.values()) waiter.reject(new SupervisionError("offline"));
    this.waiters.clear();
  }

  /** Applies one server frame. */
  apply(event: ServerEvent): void {
    switch (event.type) {
      case "welcome":
        this.me = event.user ?? this.me;
        this.mine.clear();
        for (const c of event.conversations ?? []) this.mine.set(c.id, c);
        this.syncing = false;
        if (this.log) {
          const id = this.log.id;
          this.send({ type: "monitor", client_id: this.ids.next(), conversation_id: id });
        }
        return;
      case "conversation": {
        const c = event.conversation;
        if (this.me && c.agent?.id === this.me.id && (c.status === "assigned" || c.status === "queued")) {
          this.mine.set(c.id, c);
        } else {
          this.mine.delete(c.id);
        }
        if (this.log?.id === c.id) {
          this.log.summary = c;
          this.log.noteServerLastSeq(c.last_seq);
          this.syncIfMissing();
        }
        return;
      }
      case "message":
        if (this.log?.id !== event.conversation_id) return;
        this.log.add(messageFromEvent(event));
        this.syncIfMissing();
        return;
      case "synced":
        if (this.log?.id !== event.conversation_id) return;
        this.syncing = false;
        this.log.noteServerLastSeq(event.last_seq);
        this.syncIfMissing();
        return;
      case "whisper":
        if (this.log?.id === event.conversation_id) this.whisperList = [...this.whisperList, event];
        return;
      case "ack":
      case "error": {
        const waiter = event.ref ? this.waiters.get(event.ref) : undefined;
        if (!waiter || !event.ref) {
          if (event.type === "error" && event.ref === null) this.syncing = false;
          return;
        }
        this.waiters.delete(event.ref);
        if (event.type === "error") {
          waiter.reject(new SupervisionError(event.code));
          return;
        }
        if (waiter.reply && event.seq !== undefined && this.log?.id === waiter.reply.conversationId) {
          this.log.add({
            conversationId: waiter.reply.conversationId,
            seq: event.seq,
            at: event.at ?? Date.now(),
            clientId: waiter.reply.clientId,
            author: { kind: "agent", id: this.me?.id ?? null, name: this.me?.name ?? null },
            text: waiter.reply.text,
          });
          this.syncIfMissing();
        }
        const mine = waiter.whisper;
        if (mine && this.log?.id === mine.conversationId && this.me) {
          this.whisperList = [
            ...this.whisperList,
            {
              type: "whisper",
              conversation_id: mine.conversationId,
              at: event.at ?? Date.now(),
              client_id: mine.clientId,
              author: { kind: "supervisor", id: this.me.id, name: this.me.name },
              text: mine.text,
            },
          ];
        }
        waiter.resolve(event);
        return;
      }
      default:
        return;
    }
  }

  private requireWatched(): number {
    if (!this.log) throw new SupervisionError("not_found");
    return this.log.id;
  }

  private syncIfMissing(): void {
    if (!this.log || this.syncing) return;
    const after = this.log.missingAfter();
    if (after === null) return;
    const sync: SyncCommand = { type: "sync", conversation_id: this.log.id, after_seq: after };
    if (this.send(sync)) this.syncing = true;
  }

  private request(
    build: (clientId: string) => ClientCommand,
    reply?: (clientId: string) => Waiter["reply"],
    whisper?: (clientId: string) => Waiter["whisper"],
  ): Promise<AckEvent> {
    const clientId = this.ids.next();
    return new Promise<AckEvent>((resolve, reject) => {
      if (!this.send(build(clientId))) {
        reject(new SupervisionError("offline"));
        return;
      }
      this.waiters.set(clientId, { resolve, reject, reply: reply?.(clientId), whisper: whisper?.(clientId) });
    });
  }
}
