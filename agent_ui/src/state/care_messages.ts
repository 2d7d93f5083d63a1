/** A shop's care message to the customer (a rule's customer_message, docs/protocol.md). */
export interface CareMessage {
  id: number;
  text: string;
  at: number;
}

/**
 * The care messages the widget shows: each `care_message` frame once (the server sends each
 * once; a repeated id is ignored), until the customer closes it.
 */
export class CareMessages {
  private shown: CareMessage[] = [];

  /** Takes a server event; true when it was a new care message. */
  apply(event: unknown): boolean {
    if (typeof event !== "object" || event === null) return false;
    const e = event as { type?: unknown; id?: unknown; text?: unknown; at?: unknown };
    if (e.type !== "care_message" || typeof e.id !== "number" || typeof e.text !== "string") return false;
    if (this.shown.some((m) => m.id === e.id)) return false;
    this.shown.push({ id: e.id, text: e.text, at: typeof e.at === "number" ? e.at : 0 });
    return true;
  }

  get messages(): readonly CareMessage[] {
    return this.shown;
  }

  dismiss(id: number): void {
    this.shown = this.shown.filter((m) => m.id !== id);
  }
}
