// The Kefu wire protocol, as written in docs/protocol.md. Field names are a contract:
// change them only together with that document and the server.

/** Milliseconds since the Unix epoch, UTC, measured on the server. */
export type ServerTime = number;

export type Role = "customer" | "agent" | "supervisor" | "admin";
export type AgentStatus = "online" | "away" | "offline";
export type ConversationStatus = "queued" | "assigned" | "resolved" | "closed" | "abandoned";
export type Channel = "chat" | "ticket" | "email";
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
  /** The note of the transfer that brought it to this agent, if any. */
  transfer_note?: string | null;
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

/** Hands a conversation to another agent or a queue (exactly one of the two). */
export interface TransferCommand {
  type: "transfer";
  client_id: string;
  conversation_id: number;
  to_agent?: number;
  to_queue?: string;
  note?: string;
}

/** Supervisors: watch a conversation read-only (`unmonitor` stops). */
export interface MonitorCommand {
  type: "monitor" | "unmonitor";
  client_id: string;
  conversation_id: number;
}

/** Supervisors: a word to the conversation's agent that the customer never sees. */
export interface WhisperCommand {
  type: "whisper";
  client_id: string;
  conversation_id: number;
  text: string;
}

/** Supervisors: the conversation is reassigned to them. */
export interface TakeOverCommand {
  type: "take_over";
  client_id: string;
  conversation_id: number;
}

/** A customer's CSAT answer for a resolved conversation (1 to 5, optional comment). */
export interface RateCommand {
  type: "rate";
  client_id: string;
  conversation_id: number;
  rating: number;
  comment?: string;
}

/** Staff: a private note in a conversation's thread (never sent to the customer). */
export interface NoteCommand {
  type: "note";
  client_id: string;
  conversation_id: number;
  text: string;
  /** User ids of the colleagues mentioned (left out when none). */
  mentions?: number[];
}

/** A conversation's priority: the one its SLA policy is chosen by. */
export type Priority = "vip" | "at_risk" | "normal";
export const PRIORITIES: readonly Priority[] = ["vip", "at_risk", "normal"];

/** Supervisors: set a waiting or assigned conversation's priority. */
export interface SetPriorityCommand {
  type: "set_priority";
  client_id: string;
  conversation_id: number;
  priority: Priority;
}

/** A conversation's priority changed (to its agent and every supervisor). */
export interface ConversationPriorityEvent {
  type: "conversation_priority";
  conversation_id: number;
  priority: Priority;
  /** Who set it: a supervisor or a care rule. */
  priority_by: "supervisor" | "rule";
}

/** Agents: take a waiting conversation from the Unassigned view. */
export interface PickUpCommand {
  type: "pick_up";
  client_id: string;
  conversation_id: number;
}

export type ClientCommand =
  | SetPriorityCommand
  | PickUpCommand
  | NoteCommand
  | MonitorCommand
  | WhisperCommand
  | TakeOverCommand
  | RateCommand
  | TransferCommand
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
  /** The queues staff may transfer to. */
  queues?: string[];
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

/** A supervisor's whisper to the agent of a conversation (never sent to customers). */
export interface WhisperEvent {
  type: "whisper";
  conversation_id: number;
  at: ServerTime;
  client_id?: string | null;
  author: { kind: "supervisor"; id: number; name: string };
  text: string;
}

/** A stored private note (docs/protocol.md, "Private notes"). */
export interface ConversationNote {
  id: number;
  conversation_id: number;
  author: PersonRef;
  text: string;
  mentions: PersonRef[];
  at: ServerTime;
  client_id?: string;
}

/** A note reached the staff of its conversation (`note`) or mentions me (`mention`). */
export interface NoteEvent {
  type: "note" | "mention";
  conversation_id: number;
  note: ConversationNote;
}

/** A file attached to a conversation (docs/protocol.md, "Attachments"). */
export interface Attachment {
  id: number;
  conversation_id: number;
  name: string;
  content_type: string;
  size: number;
  at: ServerTime;
  uploader: { kind: "customer" | "agent"; id: number };
  url: string;
}

/** A new attachment of one of my conversations. */
export interface AttachmentEvent {
  type: "attachment";
  conversation_id: number;
  attachment: Attachment;
}

/** The types an attachment may have (checked again by the server, from the bytes). */
export const ATTACHMENT_TYPES = "image/png,image/jpeg,image/gif,image/webp,application/pdf";

/** The inbox views of GET /api/conversations?view=… */
export type InboxViewName = "mine" | "unassigned" | "team" | "resolved" | "mentions";
export const INBOX_VIEWS: readonly InboxViewName[] = ["mine", "unassigned", "team", "resolved", "mentions"];

/** One conversation of an inbox view. */
export interface InboxConversation {
  id: number;
  channel: Channel;
  status: ConversationStatus;
  queue: string;
  subject: string;
  customer: PersonRef;
  agent: PersonRef | null;
  created_at: ServerTime;
  queued_at: ServerTime;
  updated_at: ServerTime;
  resolved_at: ServerTime | null;
  last_message: { author_kind: AuthorKind; text: string; at: ServerTime } | null;
  sla_risk: "breached" | "at_risk" | "ok" | "none";
  waiting_since: ServerTime | null;
}

/** One page of an inbox view, with every view's count under the same search and filters. */
export interface InboxPage {
  view: InboxViewName;
  conversations: InboxConversation[];
  counts: Record<InboxViewName, number>;
  total: number;
  more: boolean;
  limit: number;
  offset: number;
}

/** Tells an agent that a supervisor took one of their conversations over. */
export interface TakenOverEvent {
  type: "taken_over";
  conversation_id: number;
  by: PersonRef;
}

export type SlaRisk = "breached" | "at_risk" | "ok" | "none";

/** An open conversation as the supervisor's list shows it (`kpi.conversations`). */
export interface SupervisedConversation extends ConversationSummary {
  waiting_since: ServerTime | null;
  sla_target_ms: number;
  sla_due_at: ServerTime | null;
  sla_risk: SlaRisk;
  /** Its priority ("" before it was first queued) and who set it (null: decided by the desk). */
  priority: Priority | "";
  priority_by: "supervisor" | "rule" | null;
}

export type ErrorCode =
  | "forbidden"
  | "bad_json"
  | "bad_field"
  | "unknown_type"
  | "not_found"
  | "too_long"
  | "rate_limited"
  | "conflict"
  | "unknown_priority"
  | "unavailable"
  | "already_rated";

export interface ErrorEvent {
  type: "error";
  code: ErrorCode | string;
  ref: string | null;
  message?: string;
}

// The customer view, KB suggestions and KPIs (last section of docs/protocol.md).

export interface CustomerIdentity {
  kind: string;
  value: string;
  verified: boolean;
}

export interface OrderItem {
  title: string;
  quantity: number;
  price: string;
  sku?: string | null;
}

export interface Fulfillment {
  status?: string | null;
  tracking_number?: string | null;
  tracking_company?: string | null;
  tracking_url?: string | null;
}

export interface CustomerOrder {
  id: number;
  name: string;
  created_at: ServerTime;
  total: string;
  currency: string;
  financial_status?: string | null;
  fulfillment_status?: string | null;
  items: OrderItem[];
  fulfillments: Fulfillment[];
}

export interface PastConversation {
  id: number;
  channel: Channel;
  status: ConversationStatus;
  agent_id?: number | null;
  last_agent_id?: number | null;
  queue?: string;
  subject?: string;
  created_at: ServerTime;
  updated_at: ServerTime;
}

/** One message of a transcript (GET /api/conversations/{id}/messages). */
export interface TranscriptMessage {
  seq: number;
  author_kind: "customer" | "agent" | "system";
  author_id: number;
  author_name: string;
  text: string;
  created_at: ServerTime;
}

/** A page of a past conversation's transcript, read-only. */
export interface TranscriptPage {
  conversation: {
    id: number;
    customer_id: number;
    channel: Channel;
    status: ConversationStatus;
    queue: string;
    subject: string;
    agent_id: number | null;
    agent_name: string;
    created_at: ServerTime;
    resolved_at: ServerTime | null;
  };
  messages: TranscriptMessage[];
  more: boolean;
}

export interface CustomerNote {
  id: number;
  author_id: number;
  body: string;
  created_at: ServerTime;
}

export interface CustomerView {
  id: number;
  display_name: string;
  segment?: string | null;
  rfm?: string | null;
  lifetime_value?: { amount: string; currency: string; order_count: number } | null;
  identities: CustomerIdentity[];
  recent_orders: CustomerOrder[];
  conversations: PastConversation[];
  notes: CustomerNote[];
  tags: string[];
  /** Open "possible same person" suggestions (staff only). */
  merge_suggestions?: MergeSuggestion[];
  /** Merges into this customer that can still be undone. */
  merges?: CustomerMerge[];
}

/** A widget visitor claimed an identity that another customer holds, verified. */
export interface MergeSuggestion {
  id: number;
  /** The claimant (merged into the candidate on accept). */
  customer_id: number;
  candidate_id: number;
  /** The customer who is not the one viewed, and the folded identity both hold. */
  other_id: number;
  other_name: string;
  kind: string;
  matched: string;
  created_at: ServerTime;
}

export interface CustomerMerge {
  id: number;
  source_id: number;
  source_name: string;
  reason: string;
  merged_at: ServerTime;
  by_agent: number | null;
}

export interface CustomerViewEvent {
  type: "customer_view";
  conversation_id: number;
  customer: CustomerView;
}

export interface SuggestedArticle {
  id: number;
  title: string;
  snippet: string;
  score: number;
  confident: boolean;
  body: string;
  /** The customer said this article, shown as an automatic answer, did not help. */
  rejected?: boolean;
}

/** An automatic answer the customer saw in the widget before the chat, and their verdict. */
export interface TriedAnswer {
  id: number;
  title: string;
  at: number;
  /** null: the customer said nothing about it. */
  helped: boolean | null;
}

export interface SuggestionsEvent {
  type: "suggestions";
  conversation_id: number;
  articles: SuggestedArticle[];
  tried?: TriedAnswer[];
}

/** One group of today's figures inside `kpi.live` (KpiTotals::kpis plus the live counts). */
export interface KpiGroup {
  waiting?: number;
  oldest_wait_ms?: number | null;
  backlog?: number;
  agents_online?: number;
  agents_busy?: number;
  agents_away?: number;
  service_level?: number | null;
  first_response_time_ms?: number | null;
  queue_wait_ms?: number | null;
  handle_time_ms?: number | null;
  abandonment_rate?: number | null;
  csat?: number | null;
  occupancy?: number | null;
  counts?: Record<string, number>;
  /** Agents only. */
  status?: AgentStatus;
  open_conversations?: number;
}

/** One alert on (docs/protocol.md, "Alerts"). */
export interface ActiveAlert {
  alert: "waiting" | "oldest_wait_ms" | "service_level" | "breached";
  value: number;
  threshold: number;
  since: ServerTime;
}

/** The supervisors' alert thresholds; null is off. */
export interface AlertThresholds {
  waiting: number | null;
  oldest_wait_ms: number | null;
  service_level: number | null;
  breached: number | null;
}

/** A waiting chat and when its wait passes the service-level threshold T. */
export interface AtRiskConversation {
  conversation_id: number;
  queue: string;
  channel: string;
  since: ServerTime;
  breach_at: ServerTime;
}

export interface KpiLive {
  at: ServerTime;
  day_start: ServerTime;
  alerts?: { thresholds: AlertThresholds; active: ActiveAlert[]; breached: number };
  at_risk?: AtRiskConversation[];
  total: KpiGroup;
  queues: Record<string, KpiGroup>;
  teams: Record<string, KpiGroup>;
  channels: Record<string, KpiGroup>;
  agents: Record<string, KpiGroup>;
}

export interface QueueFigures {
  name: string;
  waiting: number;
  oldest_wait_ms: number | null;
  free_agents: number;
  serving_slots: number;
  average_handle_time_ms?: number | null;
  next_estimate_ms?: number | null;
}

export interface KpiEvent {
  type: "kpi";
  live: KpiLive;
  queues: QueueFigures[];
  /** Display names of the agents in `live.agents`, by user id. */
  staff?: Record<string, string>;
  /** Open conversations, most urgent first (docs/protocol.md, "Supervision"). */
  conversations?: SupervisedConversation[];
  /** Every agent the desk knows, with status, load and capacity (docs/protocol.md, "The floor"). */
  floor?: FloorAgent[];
}

/** One agent on the floor (`kpi.floor`). */
export interface FloorAgent {
  id: number;
  name: string;
  status: string;
  status_since: ServerTime | null;
  connected: boolean;
  open_chats: number;
  chat_capacity: number;
  open_tickets: number;
  ticket_capacity: number;
}

/** A supervisor set this agent's status (docs/protocol.md, `set_agent_status`). */
export interface StatusSetEvent {
  type: "status_set";
  status: string;
  reason: string;
  by: PersonRef;
}

/** A supervisor moved conversations of this agent's, or waiting chats to them (`reassigned`). */
export interface ReassignedEvent {
  type: "reassigned";
  conversations: { id: number; customer: string }[];
  to: { agent?: PersonRef; queue?: string };
  by: PersonRef;
}

/** The answer to a supervisor's `move_waiting`: which waiting chats moved and which stayed. */
export interface WaitingMovedEvent {
  type: "waiting_moved";
  ref: string;
  from_queue: string;
  moved: number[];
  kept: number[];
}

/** The server asks the customer to rate a resolved conversation. */
export interface CsatRequestEvent {
  type: "csat_request";
  conversation_id: number;
  agent: PersonRef;
}

/** Another tab of the same customer stored a rating. */
export interface CsatRecordedEvent {
  type: "csat_recorded";
  conversation_id: number;
  rating: number;
}

/** A reply's e-mail delivery changed (docs/protocol.md, "E-mail conversations"). */
export interface MailDeliveryEvent {
  type: "mail_delivery";
  conversation_id: number;
  seq: number;
  state: "queued" | "sent" | "failed" | "uncertain";
  attempts: number;
  error: string;
  recipient: string;
}

export type ServerEvent =
  | ConversationPriorityEvent
  | MailDeliveryEvent
  | AttachmentEvent
  | NoteEvent
  | StatusSetEvent
  | ReassignedEvent
  | WaitingMovedEvent
  | WhisperEvent
  | TakenOverEvent
  | CsatRequestEvent
  | CsatRecordedEvent
  | CustomerViewEvent
  | SuggestionsEvent
  | KpiEvent
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

/** The longest comment on a CSAT rating, in characters. */
export const MAX_RATING_COMMENT_LENGTH = 500;

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
