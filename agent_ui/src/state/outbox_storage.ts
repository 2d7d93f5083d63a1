import type { PendingMessage } from "./outbox";

/**
 * Turns the outbox into a string for storage and back, so that a message written just before a
 * page reload is sent again (with its client id) after it. Anything malformed in storage is
 * skipped, never trusted blindly: the stored text came from this browser but may be stale or
 * edited.
 */
export function encodePending(entries: readonly PendingMessage[]): string {
  return JSON.stringify(
    entries.map((p) => ({ clientId: p.clientId, conversationId: p.conversationId ?? null, text: p.text })),
  );
}

/** Reads what encodePending wrote; returns the valid entries, all in state "sending". */
export function decodePending(stored: string | null): PendingMessage[] {
  if (!stored) return [];
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const entries: PendingMessage[] = [];
  for (const item of value) {
    if (typeof item !== "object" || item === null) continue;
    const { clientId, conversationId, text } = item as Record<string, unknown>;
    if (typeof clientId !== "string" || clientId.length < 1 || clientId.length > 64) continue;
    if (typeof text !== "string" || text.length < 1) continue;
    if (conversationId !== null && !Number.isInteger(conversationId)) continue;
    entries.push({
      clientId,
      conversationId: conversationId === null ? undefined : (conversationId as number),
      text,
      state: "sending",
      error: null,
    });
  }
  return entries;
}
