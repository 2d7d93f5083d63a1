// The e-mail channel's REST calls (docs/protocol.md, "Admin: mailboxes" and "E-mail
// conversations"). Each rejects with HttpError carrying the server's typed error code.
import { requestJson } from "../net/http";

export type MailSecurity = "starttls" | "tls" | "none";

/** What an admin sets about a mailbox; `password` only when it changes ("" removes it). */
export interface MailboxSettings {
  name: string;
  address: string;
  display_name: string;
  queue: string;
  security: MailSecurity;
  smtp_url: string;
  imap_url: string;
  imap_folder: string;
  login: string;
  password?: string;
}

export interface Mailbox extends Omit<MailboxSettings, "password"> {
  id: number;
  password_set: boolean;
  updated_at: number;
}

export interface MailboxList {
  mailboxes: Mailbox[];
  queues: string[];
}

export function listMailboxes(): Promise<MailboxList> {
  return requestJson<MailboxList>("/api/admin/mailboxes");
}

export function addMailbox(settings: MailboxSettings): Promise<{ mailbox: Mailbox }> {
  return requestJson("/api/admin/mailboxes", { body: settings });
}

export function updateMailbox(id: number, settings: MailboxSettings): Promise<{ mailbox: Mailbox }> {
  return requestJson(`/api/admin/mailboxes/${id}`, { method: "PUT", body: settings });
}

export type DeliveryState = "queued" | "sent" | "failed" | "uncertain";

export interface ReplyDelivery {
  seq: number;
  state: DeliveryState;
  attempts: number;
  error: string;
}

/** How a conversation's replies reach its customer by e-mail. */
export interface MailRoute {
  conversation_id: number;
  address: string;
  subject: string;
  mailbox?: { name: string; address: string };
  replies: ReplyDelivery[];
}

/** The conversation's mail route, or null when it is not an e-mail conversation. */
export async function mailRoute(conversationId: number): Promise<MailRoute | null> {
  try {
    return await requestJson<MailRoute>(`/api/mail/conversations/${conversationId}`);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

/** Settings from a form's fields; the password only when typed (an empty box keeps it). */
export function settingsFrom(data: FormData, editing: boolean): MailboxSettings {
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const settings: MailboxSettings = {
    name: text("name"),
    address: text("address"),
    display_name: text("display_name"),
    queue: text("queue"),
    security: text("security") as MailSecurity,
    smtp_url: text("smtp_url"),
    imap_url: text("imap_url"),
    imap_folder: text("imap_folder") || "INBOX",
    login: text("login"),
  };
  const password = String(data.get("password") ?? "");
  if (password || !editing) settings.password = password;
  return settings;
}
