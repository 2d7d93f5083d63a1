import type {
  AgentStatus,
  AuthorKind,
  ClientCommand,
  ConversationSummary,
  MessageCommand,
  Role,
  ServerEvent,
  SyncCommand,
  User,
} from "../protocol/types";
import { ConversationLog, messageFromEvent } from "./conversation_log";
import { ClientIdSource, Outbox, type PendingMessage } from "./outbox";

/** The customer's place in line for one conversation (from `queue`). */
export interface QueuePlace {
  position: number;
  estimatedWaitSeconds: number;
}

/** How long a `typing active` from the other side counts without a refresh. */
export const TYPING_TIMEOUT_MS = 6000;

/**
 * Everything one client (widget or console) knows about its conversations, driven only by
 * server events and the user's own actions. No sockets, no timers, no clock: callers pass the
 * local time where it matters, so tests drive it directly.
 *
 * `apply` takes one server event and returns the commands the client must send because of it
 * (syncs that fill gaps, messages to resend after a welcome).
 */
export class ChatState {
  role: Role | null = null;
  user: User | null = null;
  visitorId: string | null = null;
  agentStatus: AgentStatus | null = null;
  /** server time minus local time, measured at the last welcome. */
  serverOffsetMs = 0;
  readonly outbox: Outbox;

  private readonly logs = new Map<number, ConversationLog>();
  private readonly queue = new Map<number, QueuePlace>();
  private readonly typingUntil = new Map<number, number>();
  private readonly syncInFlight = new Set<number>();

  constructor(
    private readonly selfKind: AuthorKind,
    ids: ClientIdSource,
  ) {
    this.outbox = new Outbox(ids);
  }

  /** The author kind of the other side: an agent's customers, a customer's agents. */
  get otherKind(): AuthorKind {
    return this.selfKind === "customer" ? "agent" : "customer";
  }

  conversation(id: number): ConversationLog | undefined {
    return this.logs.get(id);
  }

  /** Conversations, most recently updated first. */
  conversations(): ConversationLog[] {
    const updated = (log: ConversationLog) =>
      Math.max(log.summary?.updated_at ?? 0, log.lastMessage()?.at ?? 0);
    return [...this.logs.values()].sort((a, b) => updated(b) - updated(a) || b.id - a.id);
  }

  queuePlace(conversationId: number): QueuePlace | null {
    return this.queue.get(conversationId) ?? null;
  }

  /** Whether the other side is typing in the conversation at local time `localNow`. */
  isTyping(conversationId: number, localNow: number): boolean {
    const until = this.typingUntil.get(conversationId);
    return until !== undefined && until > localNow;
  }

  /** The server's clock, estimated from the local one. */
  serverNow(localNow: number): number {
    return localNow + this.serverOffsetMs;
  }

  /** Writes a message: queues it in the outbox and returns the command to send. */
  compose(text: string, conversationId?: number): MessageCommand {
    return toCommand(this.outbox.add(text, conversationId));
  }

  /** Sends a failed message again with its original client id. */
  retry(clientId: string): MessageCommand | null {
    const entry = this.outbox.retry(clientId);
    return entry ? toCommand(entry) : null;
  }

  /** The connection dropped: syncs in flight will never be answered. */
  connectionLost(): void {
    this.syncInFlight.clear();
  }

  /** Applies one server event; returns the commands it makes necessary. */
  apply(event: ServerEvent, localNow: number): ClientCommand[] {
    switch (event.type) {
      case "welcome":
        return this.onWelcome(event.role, event.conversations, localNow, event);
      case "message": {
        const log = this.ensure(event.conversation_id);
        const message = messageFromEvent(event);
        if (message.clientId) this.outbox.settle(message.clientId);
        log.add(message);
        if (message.author.kind === this.otherKind) this.typingUntil.delete(log.id);
        return this.syncIfMissing(log);
      }
      case "ack": {
        const pending = this.outbox.settle(event.ref);
        if (!pending || event.conversation_id === undefined || event.seq === undefined) return [];
        const log = this.ensure(event.conversation_id);
        log.add({
          conversationId: event.conversation_id,
          seq: event.seq,
          at: event.at ?? this.serverNow(localNow),
          clientId: pending.clientId,
          author: { kind: this.selfKind, id: this.user?.id ?? null, name: this.user?.name ?? null },
          text: pending.text,
        });
        log.readThrough = Math.max(log.readThrough, event.seq);
        return this.syncIfMissing(log);
      }
      case "synced": {
        this.syncInFlight.delete(event.conversation_id);
        const log = this.logs.get(event.conversation_id);
        if (!log) return [];
        log.noteServerLastSeq(event.last_seq);
        return this.syncIfMissing(log);
      }
      case "conversation":
        return this.onConversation(event.conversation);
      case "queue":
        this.ensure(event.conversation_id);
        this.queue.set(event.conversation_id, {
          position: event.position,
          estimatedWaitSeconds: event.estimated_wait_seconds,
        });
        return [];
      case "typing":
        if (event.author === this.selfKind) return [];
        if (event.active) this.typingUntil.set(event.conversation_id, localNow + TYPING_TIMEOUT_MS);
        else this.typingUntil.delete(event.conversation_id);
        return [];
      case "agent_status":
        this.agentStatus = event.status;
        return [];
      case "error":
        if (event.ref) this.outbox.fail(event.ref, event.code);
        // A sync carries no client id, so its error comes with ref null: forget which syncs are
        // in flight so that the next gap asks again (a repeated sync only brings duplicates,
        // which are dropped by seq).
        else this.syncInFlight.clear();
        return [];
      default:
        return [];
    }
  }

  private onWelcome(
    role: Role,
    conversations: ConversationSummary[],
    localNow: number,
    event: Extract<ServerEvent, { type: "welcome" }>,
  ): ClientCommand[] {
    this.role = role;
    this.user = event.user ?? this.user;
    this.visitorId = event.visitor_id ?? this.visitorId;
    this.agentStatus = event.status ?? this.agentStatus;
    this.serverOffsetMs = event.server_time - localNow;
    this.syncInFlight.clear();
    const listed = new Set(conversations.map((c) => c.id));
    if (this.selfKind === "agent") {
      // The welcome is the agent's whole list: anything else was moved away meanwhile.
      for (const id of [...this.logs.keys()]) if (!listed.has(id)) this.forget(id);
    }
    const commands: ClientCommand[] = [];
    for (const summary of conversations) commands.push(...this.onConversation(summary, true));
    for (const pending of this.outbox.toSend()) commands.push(toCommand(pending));
    return commands;
  }

  /** `listed`: the summary comes from a welcome, which lists only this user's conversations. */
  private onConversation(summary: ConversationSummary, listed = false): ClientCommand[] {
    if (
      !listed &&
      this.selfKind === "agent" &&
      this.user &&
      summary.agent?.id !== this.user.id
    ) {
      this.forget(summary.id);
      return [];
    }
    const log = this.ensure(summary.id);
    log.summary = summary;
    log.noteServerLastSeq(summary.last_seq);
    if (summary.status !== "queued") this.queue.delete(summary.id);
    return this.syncIfMissing(log);
  }

  private syncIfMissing(log: ConversationLog): SyncCommand[] {
    const after = log.missingAfter();
    if (after === null || this.syncInFlight.has(log.id)) return [];
    this.syncInFlight.add(log.id);
    return [{ type: "sync", conversation_id: log.id, after_seq: after }];
  }

  private ensure(id: number): ConversationLog {
    let log = this.logs.get(id);
    if (!log) {
      log = new ConversationLog(id);
      this.logs.set(id, log);
    }
    return log;
  }

  private forget(id: number): void {
    this.logs.delete(id);
    this.queue.delete(id);
    this.typingUntil.delete(id);
    this.syncInFlight.delete(id);
  }
}

function toCommand(pending: PendingMessage): MessageCommand {
  const command: MessageCommand = { type: "message", client_id: pending.clientId, text: pending.text };
  if (pending.conversationId !== undefined) command.conversation_id = pending.conversationId;
  return command;
}
