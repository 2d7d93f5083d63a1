import {
  parseServerEvent,
  type AckEvent,
  type AgentStatus,
  type ClientCommand,
  type ServerEvent,
} from "../protocol/types";
import {
  ReconnectingSocket,
  type ConnectionState,
  type ReconnectingSocketOptions,
} from "../net/reconnecting_socket";
import type { ChatState } from "./chat_state";
import type { ClientIdSource } from "./outbox";

export type SessionOptions = Omit<ReconnectingSocketOptions, "onFrame" | "onStateChange"> & {
  /** Local clock (ms); injected for tests. */
  now?: () => number;
};

/** A command that waits for its `ack` (resolve, status). */
interface Waiter {
  resolve: (ack: AckEvent) => void;
  reject: (error: Error) => void;
}

/** Raised when the server answers a command with `error`. */
export class CommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Connects a ChatState to the server through a ReconnectingSocket: feeds it every frame, sends
 * the syncs and resends it asks for, and tells listeners when anything changed. Used as is by
 * the widget (customer) and the console (staff).
 */
export class ChatSession {
  readonly socket: ReconnectingSocket;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: ServerEvent) => void>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly now: () => number;
  private connection: ConnectionState = "idle";

  constructor(
    readonly state: ChatState,
    private readonly ids: ClientIdSource,
    options: SessionOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.socket = new ReconnectingSocket({
      ...options,
      onFrame: (frame) => this.onFrame(frame),
      onStateChange: (state) => this.onConnectionState(state),
    });
  }

  get connectionState(): ConnectionState {
    return this.connection;
  }

  /** Calls `listener` after every change; returns the function that unsubscribes. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` with every server event after it was applied. */
  onEvent(listener: (event: ServerEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  start(): void {
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
  }

  /** Writes a message; it is sent now if connected, else after the next welcome. */
  sendMessage(text: string, conversationId?: number): string {
    const command = this.state.compose(text, conversationId);
    this.socket.send(command);
    this.changed();
    return command.client_id;
  }

  /** Sends a failed message again with the same client id. */
  retryMessage(clientId: string): void {
    const command = this.state.retry(clientId);
    if (command) this.socket.send(command);
    this.changed();
  }

  /** Tells the other side whether this user is typing (not stored, not acknowledged). */
  sendTyping(conversationId: number, active: boolean): void {
    this.socket.send({ type: "typing", conversation_id: conversationId, active });
  }

  /** Resolves a conversation (agent); settles with the ack or rejects with the error. */
  resolve(conversationId: number): Promise<AckEvent> {
    return this.request((client_id) => ({ type: "resolve", client_id, conversation_id: conversationId }));
  }

  /** Hands a conversation to an agent (by id) or a queue (by name); settles with the ack. */
  transfer(conversationId: number, to: { agent: number } | { queue: string }, note?: string): Promise<AckEvent> {
    return this.request((client_id) => ({
      type: "transfer",
      client_id,
      conversation_id: conversationId,
      ...("agent" in to ? { to_agent: to.agent } : { to_queue: to.queue }),
      ...(note ? { note } : {}),
    }));
  }

  /** Takes a waiting conversation from the Unassigned view (agent); settles with the ack. */
  pickUp(conversationId: number): Promise<AckEvent> {
    return this.request((client_id) => ({ type: "pick_up", client_id, conversation_id: conversationId }));
  }

  /** Writes a private note (staff); settles with the ack once it is stored. */
  writeNote(conversationId: number, text: string, mentions: number[]): Promise<AckEvent> {
    return this.request((client_id) => ({
      type: "note",
      client_id,
      conversation_id: conversationId,
      text,
      ...(mentions.length ? { mentions } : {}),
    }));
  }

  /** Sets the agent's availability. */
  setStatus(status: AgentStatus): Promise<AckEvent> {
    return this.request((client_id) => ({ type: "status", client_id, status }));
  }

  private request(build: (clientId: string) => ClientCommand): Promise<AckEvent> {
    const clientId = this.ids.next();
    return new Promise<AckEvent>((resolve, reject) => {
      if (!this.socket.send(build(clientId))) {
        reject(new CommandError("offline", "not connected"));
        return;
      }
      this.waiters.set(clientId, { resolve, reject });
    });
  }

  private onFrame(frame: string): void {
    const event = parseServerEvent(frame);
    if (!event) return;
    if (event.type === "ack" || event.type === "error") {
      const waiter = event.ref ? this.waiters.get(event.ref) : undefined;
      if (waiter && event.ref) {
        this.waiters.delete(event.ref);
        if (event.type === "ack") waiter.resolve(event);
        else waiter.reject(new CommandError(event.code, event.message ?? event.code));
      }
    }
    for (const command of this.state.apply(event, this.now())) this.socket.send(command);
    for (const listener of this.eventListeners) listener(event);
    this.changed();
  }

  private onConnectionState(state: ConnectionState): void {
    this.connection = state;
    if (state !== "open" && state !== "connecting") {
      this.state.connectionLost();
      for (const waiter of this.waiters.values()) waiter.reject(new CommandError("offline", "connection lost"));
      this.waiters.clear();
    }
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
