// The admin's data settings (docs/protocol.md, "Admin: retention"). Each call rejects with
// HttpError carrying the server's typed error code.
import { requestJson } from "../net/http";

export interface Retention {
  message_days: number | null;
  removed?: { messages: number; attachments: number };
}

export function readRetention(): Promise<Retention> {
  return requestJson<Retention>("/api/admin/retention");
}

/** Sets the days message text is kept (null: for ever); the server removes what is older at once. */
export function saveRetention(days: number | null): Promise<Retention> {
  return requestJson<Retention>("/api/admin/retention", { method: "PUT", body: { message_days: days } });
}

/** The days typed in the form: null for an empty field, undefined when it is not 1-3650. */
export function parseDays(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const days = Number(trimmed);
  return days >= 1 && days <= 3650 ? days : undefined;
}

/** DELETE /api/customers/{id}: erases the customer's personal data (and of those merged into them). */
export async function eraseCustomer(id: number): Promise<void> {
  await requestJson<null>(`/api/customers/${id}`, { method: "DELETE" });
}
