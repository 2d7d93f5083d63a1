import { HttpError, requestJson } from "../net/http";
import type { CustomerView } from "../protocol/types";

/** A customer in search results (the server may send more fields). */
export interface CustomerHit {
  id: number;
  display_name: string;
  segment?: string | null;
}

/** Whether an error means the endpoint is not there (yet): the UI then stays quiet. */
export function isMissing(error: unknown): boolean {
  return error instanceof HttpError && (error.status === 404 || error.status === 405 || error.status === 501);
}

/** GET /api/customers?q= — matching customers, or [] when the endpoint is missing. */
export async function searchCustomers(q: string): Promise<CustomerHit[]> {
  try {
    const answer = await requestJson<{ customers?: CustomerHit[] }>(`/api/customers?q=${encodeURIComponent(q)}`);
    return Array.isArray(answer?.customers) ? answer.customers : [];
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

/** POST /api/customers/{id}/notes; the server pushes the new view. */
export function addNote(id: number, text: string): Promise<unknown> {
  return requestJson(`/api/customers/${id}/notes`, { body: { text } });
}

export function addTag(id: number, tag: string): Promise<unknown> {
  return requestJson(`/api/customers/${id}/tags`, { body: { tag } });
}

export function removeTag(id: number, tag: string): Promise<unknown> {
  return requestJson(`/api/customers/${id}/tags/${encodeURIComponent(tag)}`, { method: "DELETE" });
}

/** POST /api/kb/used; a missing endpoint is ignored (the insert still happened). */
export async function reportArticleUsed(body: { conversation_id: number; article_id: number }): Promise<void> {
  try {
    await requestJson(`/api/kb/used`, { body });
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}
