/**
 * The agent's unsent replies by conversation, kept in this browser (localStorage, per agent) so
 * a draft survives a reload and a conversation transferred away and back. Empty drafts are not
 * kept; at most `most` conversations' drafts (the oldest written go first).
 */
export class DraftStore {
  private readonly drafts = new Map<number, string>();

  constructor(
    private readonly key: string,
    private readonly storage: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null,
    private readonly most = 50,
  ) {
    try {
      const saved: unknown = JSON.parse(storage?.getItem(key) ?? "[]");
      if (Array.isArray(saved)) {
        for (const entry of saved) {
          if (Array.isArray(entry) && Number.isInteger(entry[0]) && typeof entry[1] === "string" && entry[1]) {
            this.drafts.set(entry[0] as number, entry[1] as string);
          }
        }
      }
    } catch {
      // A damaged entry: start without drafts.
    }
  }

  get(conversationId: number): string | undefined {
    return this.drafts.get(conversationId);
  }

  set(conversationId: number, text: string): void {
    this.drafts.delete(conversationId);
    if (text) this.drafts.set(conversationId, text);
    while (this.drafts.size > this.most) this.drafts.delete(this.drafts.keys().next().value as number);
    this.save();
  }

  private save(): void {
    try {
      if (this.drafts.size === 0) this.storage?.removeItem(this.key);
      else this.storage?.setItem(this.key, JSON.stringify([...this.drafts]));
    } catch {
      // Full or blocked storage: drafts last for this page.
    }
  }
}
