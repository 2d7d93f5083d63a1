import type { CustomerMerge, CustomerNote, CustomerView, MergeSuggestion, Role, ServerEvent } from "../protocol/types";

/** Whether `value` has the shape of a customer view (enough to render it safely). */
export function isCustomerView(value: unknown): value is CustomerView {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<CustomerView>;
  return typeof v.id === "number" && typeof v.display_name === "string";
}

/** A view with every list present, so that rendering never meets undefined. */
function complete(view: CustomerView): CustomerView {
  const list = <T>(x: T[] | undefined | null): T[] => (Array.isArray(x) ? x : []);
  return {
    ...view,
    identities: list(view.identities),
    recent_orders: list(view.recent_orders).map((o) => ({ ...o, items: list(o.items), fulfillments: list(o.fulfillments) })),
    conversations: list(view.conversations),
    notes: list(view.notes),
    tags: list(view.tags).filter((t) => typeof t === "string"),
    merge_suggestions: list(view.merge_suggestions).filter((m) => typeof m?.id === "number"),
    merges: list(view.merges).filter((m) => typeof m?.id === "number"),
  };
}

/** The name a suggestion shows for the other customer (anonymous visitors have none). */
export function suggestionName(s: MergeSuggestion): string {
  return s.other_name.trim() || `#${s.other_id}`;
}

/**
 * Whether the console offers Undo for a merge: supervisors and admins may undo any merge, an
 * agent only one they accepted themselves (the server enforces the same rule).
 */
export function mayUndoMerge(merge: CustomerMerge, user: { id: number; role: Role } | null | undefined): boolean {
  if (!user) return false;
  return user.role !== "agent" || merge.by_agent === user.id;
}

/**
 * The customer views the console holds, by conversation: set by `customer_view` frames and by
 * REST answers, and changed locally (tags, notes) until the server pushes the view again.
 * Plain state, no I/O.
 */
export class CustomerViews {
  private readonly byConversation = new Map<number, CustomerView>();

  /** Applies a server event; returns true when it changed a view. */
  apply(event: ServerEvent): boolean {
    if (event.type !== "customer_view") return false;
    if (typeof event.conversation_id !== "number" || !isCustomerView(event.customer)) return false;
    this.byConversation.set(event.conversation_id, complete(event.customer));
    return true;
  }

  /** Sets the view of a conversation's customer from a REST answer. */
  set(conversationId: number, view: CustomerView): void {
    if (isCustomerView(view)) this.byConversation.set(conversationId, complete(view));
  }

  /** Drops what is held for a conversation. */
  forget(conversationId: number): void {
    this.byConversation.delete(conversationId);
  }

  forConversation(conversationId: number): CustomerView | undefined {
    return this.byConversation.get(conversationId);
  }

  /** Adds a tag to every held view of that customer (no duplicates); false if nothing changed. */
  addTag(customerId: number, tag: string): boolean {
    const clean = tag.trim();
    if (!clean) return false;
    return this.update(customerId, (v) => (v.tags.includes(clean) ? v : { ...v, tags: [...v.tags, clean] }));
  }

  removeTag(customerId: number, tag: string): boolean {
    return this.update(customerId, (v) => (v.tags.includes(tag) ? { ...v, tags: v.tags.filter((t) => t !== tag) } : v));
  }

  /** Shows a note written here before the server's new view arrives. */
  addNote(customerId: number, note: CustomerNote): boolean {
    return this.update(customerId, (v) =>
      v.notes.some((n) => n.id === note.id) ? v : { ...v, notes: [note, ...v.notes] },
    );
  }

  /** Hides a suggestion decided here until the server pushes the new view. */
  dropSuggestion(suggestionId: number): boolean {
    return this.updateAll((v) => {
      const list = v.merge_suggestions ?? [];
      return list.some((s) => s.id === suggestionId)
        ? { ...v, merge_suggestions: list.filter((s) => s.id !== suggestionId) }
        : v;
    });
  }

  /** Hides an undone merge until the server pushes the new view. */
  dropMerge(mergeId: number): boolean {
    return this.updateAll((v) => {
      const list = v.merges ?? [];
      return list.some((m) => m.id === mergeId) ? { ...v, merges: list.filter((m) => m.id !== mergeId) } : v;
    });
  }

  private updateAll(change: (view: CustomerView) => CustomerView): boolean {
    let changed = false;
    for (const [conversationId, view] of this.byConversation) {
      const next = change(view);
      if (next !== view) {
        this.byConversation.set(conversationId, next);
        changed = true;
      }
    }
    return changed;
  }

  private update(customerId: number, change: (view: CustomerView) => CustomerView): boolean {
    let changed = false;
    for (const [conversationId, view] of this.byConversation) {
      if (view.id !== customerId) continue;
      const next = change(view);
      if (next !== view) {
        this.byConversation.set(conversationId, next);
        changed = true;
      }
    }
    return changed;
  }
}
