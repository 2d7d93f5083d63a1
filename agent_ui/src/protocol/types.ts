// The Kefu wire protocol, as written in docs/protocol.md. Field names are a contract:
// change them only together with that document and the server.

/** Milliseconds since the Unix epoch, UTC, measured on the server. */
export type ServerTime = number;

export type Role = "customer" | "agent" | "supervisor" | "admin";
export type AgentStatus = "online" | "away" | "offline";
export type ConversationStatus = "queued" | "assigned" | "resolved" | "closed" | "abandoned";
export type Channel = "chat" | "ticket";
export type AuthorKind = "customer" | "agent" | "system";

export interface PersonRef {
  id: number;
  name: string;
}

export interface User {
  id: number;
  login: string;
  name: string;
  role: Role;
}

export interface ConversationSummary {
  id: number;
  channel: Channel;
  status: ConversationStatus;
  last_seq: number;
  customer?: PersonRef | null;
  agent?: PersonRef | null;
  created_at: ServerTime;
  updated_at: ServerTime;
  /** The queue it waits or waited in; `subject` is set for tickets. */
  queue?: string | null;
  subject?: string | null;
  queued_at?: ServerTime | null;
}

// Client to server.

export interface MessageCommand {
  type: "message";
  client_id: string;
  conversation_id?: number;
  text: string;
}

export interface TypingCommand {
  type: "typing";
  conversation_id: number;
  active: boolean;
}

export interface SyncCommand {
  type: "sync";
  conversation_id: number;
  after_seq: number;
}

export interface ResolveCommand {
  type: "resolve";
  client_id: string;
  conversation_id: number;
}

export interface StatusCommand {
  type: "status";
  client_id: string;
  status: AgentStatus;
}

export type ClientCommand =
  | MessageCommand
  | TypingCommand
  | SyncCommand
  | ResolveCommand
  | StatusCommand;

// Server to client.

export interface WelcomeEvent {
  type: "welcome";
  role: Role;
  server_time: ServerTime;
  visitor_id?: string;
  user?: User;
  status?: AgentStatus;
  conversations: ConversationSummary[];
}

export interface AckEvent {
  type: "ack";
  ref: string;
  conversation_id?: number;
  seq?: number;
  at?: ServerTime;
}

export interface MessageEvent {
  type: "message";
  conversation_id: number;
  seq: number;
  at: ServerTime;
  client_id?: string | null;
  author: { kind: AuthorKind; id?: number | null; name?: string | null };
  text: string;
}

export interface ConversationEvent {
  type: "conversation";
  conversation: ConversationSummary;
}

export interface QueueEvent {
  type: "queue";
  conversation_id: number;
  position: number;
  estimated_wait_seconds: number;
}

export interface TypingEvent {
  type: "typing";
  conversation_id: number;
  author: AuthorKind;
  active: boolean;
}

export interface AgentStatusEvent {
  type: "agent_status";
  status: AgentStatus;
}

export interface SyncedEvent {
  type: "synced";
  conversation_id: number;
  last_seq: number;
}

export type ErrorCode =
  | "bad_json"
  | "bad_field"
  | "unknown_type"
  | "not_found"
  | "too_long"
  | "rate_limited"
  | "conflict"
  | "unavailable";

export interface ErrorEvent {
  type: "error";
  code: ErrorCode | string;
  ref: string | null;
  message?: string;
}

export type ServerEvent =
  | WelcomeEvent
  | AckEvent
  | MessageEvent
  | ConversationEvent
  | QueueEvent
  | TypingEvent
  | AgentStatusEvent
  | SyncedEvent
  | ErrorEvent;

/** Errors after which the same command may be sent again with the same client_id. */
export const RETRYABLE_ERRORS: ReadonlySet<string> = new Set(["rate_limited", "unavailable"]);

/** The longest message text the server accepts, in characters. */
export const MAX_TEXT_LENGTH = 4000;

/**
 * Parses one WebSocket text frame into a server event.
 * Returns null for anything that is not a JSON object with a string `type`,
 * so that a malformed frame never throws inside a socket handler.
 */
export function parseServerEvent(frame: string): ServerEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  if (typeof (value as { type?: unknown }).type !== "string") return null;
  return value as ServerEvent;
}
