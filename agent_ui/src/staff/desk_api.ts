import { HttpError, requestJson } from "../net/http";
import type { ConversationNote, CustomerView, InboxPage, InboxViewName, TranscriptPage } from "../protocol/types";
import { readColleagues, type Colleague } from "../state/colleagues";
import type { CannedReply } from "../state/canned_replies";

/** A customer in search results (the server may send more fields). */
export interface CustomerHit {
  id: number;
  display_name: string;
  segment?: string | null;
}

/** Reads one search hit; the server names the id `customer_id` (docs/protocol.md says `id`). */
export function readHit(raw: unknown): CustomerHit | null {
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as { id?: unknown; customer_id?: unknown; display_name?: unknown; segment?: unknown };
  const id = typeof r.customer_id === "number" ? r.customer_id : typeof r.id === "number" ? r.id : null;
  if (id === null || typeof r.display_name !== "string") return null;
  return { id, display_name: r.display_name, segment: typeof r.segment === "string" ? r.segment : null };
}

/** Whether an error means the endpoint is not there (yet): the UI then stays quiet. */
export function isMissing(error: unknown): boolean {
  return error instanceof HttpError && (error.status === 404 || error.status === 405 || error.status === 501);
}

/** GET /api/customers?q= — matching customers, or [] when the endpoint is missing. */
export async function searchCustomers(q: string): Promise<CustomerHit[]> {
  try {
    const answer = await requestJson<{ customers?: unknown[] }>(`/api/customers?q=${encodeURIComponent(q)}`);
    const hits = Array.isArray(answer?.customers) ? answer.customers.map(readHit) : [];
    return hits.filter((h): h is CustomerHit => h !== null);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/** GET /api/customers/{id} — the customer view, or null when it is missing. */
export async function fetchCustomer(id: number): Promise<CustomerView | null> {
  try {
    return await requestJson<CustomerView>(`/api/customers/${id}`);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** GET /api/conversations/{id}/messages — one page of a past conversation, after `afterSeq`. */
export async function fetchTranscript(id: number, afterSeq = 0): Promise<TranscriptPage> {
  return requestJson<TranscriptPage>(`/api/conversations/${id}/messages?after=${afterSeq}`);
}

/** POST /api/customers/{id}/notes; answers the new note's id (the server pushes the new view too). */
export async function addNote(id: number, text: string): Promise<number | null> {
  const answer = await requestJson<{ id?: unknown } | null>(`/api/customers/${id}/notes`, { body: { text } });
  return typeof answer?.id === "number" ? answer.id : null;
}

export function addTag(id: number, tag: string): Promise<unknown> {
  return requestJson(`/api/customers/${id}/tags`, { body: { tag } });
}

export function removeTag(id: number, tag: string): Promise<unknown> {
  return requestJson(`/api/customers/${id}/tags/${encodeURIComponent(tag)}`, { method: "DELETE" });
}

/** What accepting a suggestion did: the claimant (`source_id`) now lives in `customer_id`. */
export interface MergeResult {
  merge_id: number;
  customer_id: number;
  source_id: number;
}

/** POST /api/customers/{id}/suggestions/{sid}/accept — merges the two customers (reversibly). */
export function acceptSuggestion(customerId: number, suggestionId: number): Promise<MergeResult> {
  return requestJson<MergeResult>(`/api/customers/${customerId}/suggestions/${suggestionId}/accept`, {
    method: "POST",
  });
}

/** POST /api/customers/{id}/suggestions/{sid}/dismiss — not the same person; nothing merges. */
export function dismissSuggestion(customerId: number, suggestionId: number): Promise<unknown> {
  return requestJson(`/api/customers/${customerId}/suggestions/${suggestionId}/dismiss`, { method: "POST" });
}

/** POST /api/customers/{id}/merges/{mid}/undo — the merged customer becomes separate again. */
export function undoMerge(customerId: number, mergeId: number): Promise<unknown> {
  return requestJson(`/api/customers/${customerId}/merges/${mergeId}/undo`, { method: "POST" });
}

/** POST /api/kb/used; a missing endpoint is ignored (the insert still happened). */
export async function reportArticleUsed(body: { conversation_id: number; article_id: number }): Promise<void> {
  try {
    await requestJson(`/api/kb/used`, { body });
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

/** GET /api/agents — the colleagues to transfer to, with status and load ([] when missing). */
export async function fetchColleagues(): Promise<Colleague[]> {
  try {
    return readColleagues(await requestJson<unknown>("/api/agents"));
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/** What an inbox view is narrowed to (every field optional). */
export interface InboxFilters {
  q?: string;
  channel?: "chat" | "ticket" | "email" | "";
  sla?: "breached" | "at_risk" | "ok" | "none" | "";
  status?: string;
  tag?: string;
  queue?: string;
}

/** GET /api/conversations?view=… — one page of an inbox view with every view's count. */
export function fetchInbox(view: InboxViewName, filters: InboxFilters = {}, offset = 0, limit = 50): Promise<InboxPage> {
  const params = new URLSearchParams({ view });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (offset > 0) params.set("offset", String(offset));
  params.set("limit", String(limit));
  return requestJson<InboxPage>(`/api/conversations?${params.toString()}`);
}

/** GET /api/conversations/{id}/notes — the conversation's private notes, oldest first. */
export async function fetchNotes(id: number): Promise<ConversationNote[]> {
  const answer = await requestJson<{ notes?: ConversationNote[] }>(`/api/conversations/${id}/notes`);
  return Array.isArray(answer?.notes) ? answer.notes : [];
}

/** GET /api/canned-replies — my personal replies and the shared ones I may use. */
export async function fetchCannedReplies(): Promise<CannedReply[]> {
  const answer = await requestJson<{ replies?: CannedReply[] }>("/api/canned-replies");
  return Array.isArray(answer?.replies) ? answer.replies : [];
}

/** GET /api/canned-replies/{id}/text — the reply with its variables filled for a conversation. */
export function cannedText(id: number, conversationId: number): Promise<{ text: string; missing: string[] }> {
  return requestJson(`/api/canned-replies/${id}/text?conversation_id=${conversationId}`);
}

/** What a canned reply is made of when it is written or changed. */
export type CannedReplyDraft = Pick<CannedReply, "scope" | "locale" | "shortcut" | "title" | "body"> & { team?: string };

/** POST /api/canned-replies — answers the stored reply. */
export function createCannedReply(draft: CannedReplyDraft): Promise<CannedReply> {
  return requestJson<CannedReply>("/api/canned-replies", { body: draft });
}

/** DELETE /api/canned-replies/{id}. */
export function deleteCannedReply(id: number): Promise<unknown> {
  return requestJson(`/api/canned-replies/${id}`, { method: "DELETE" });
}
