import { describe, expect, it } from "vitest";
import type { CustomerView, ServerEvent } from "../protocol/types";
import { CustomerViews, mayUndoMerge, suggestionName } from "./customer_views";

function view(id: number, extra: Partial<CustomerView> = {}): CustomerView {
  return {
    id,
    display_name: `Customer ${id}`,
    segment: "vip",
    identities: [{ kind: "email", value: "Ann.Lee+shop@example.com", verified: true }],
    recent_orders: [],
    conversations: [],
    notes: [],
    tags: ["wholesale"],
    ...extra,
  };
}

const frame = (conversationId: number, customer: unknown): ServerEvent =>
  ({ type: "customer_view", conversation_id: conversationId, customer }) as ServerEvent;

describe("CustomerViews", () => {
  it("holds the pushed view per conversation; a newer push replaces it", () => {
    const views = new CustomerViews();
    expect(views.apply(frame(42, view(9)))).toBe(true);
    expect(views.forConversation(42)?.display_name).toBe("Customer 9");
    views.apply(frame(42, view(9, { display_name: "Ann Lee", tags: [] })));
    expect(views.forConversation(42)).toMatchObject({ display_name: "Ann Lee", tags: [] });
    expect(views.forConversation(41)).toBeUndefined();
  });

  it("fills missing lists so the panel never meets undefined, and rejects malformed views", () => {
    const views = new CustomerViews();
    views.apply(frame(1, { id: 3, display_name: "Bo", recent_orders: [{ id: 1, name: "#1", total: "1.00", currency: "USD" }] }));
    const held = views.forConversation(1)!;
    expect(held.identities).toEqual([]);
    expect(held.notes).toEqual([]);
    expect(held.tags).toEqual([]);
    expect(held.recent_orders[0].items).toEqual([]);
    expect(held.recent_orders[0].fulfillments).toEqual([]);
    expect(views.apply(frame(2, { display_name: "no id" }))).toBe(false);
    expect(views.apply(frame(2, null))).toBe(false);
    expect(views.forConversation(2)).toBeUndefined();
    expect(views.apply({ type: "typing", conversation_id: 1, author: "customer", active: true })).toBe(false);
  });

  it("adds and removes tags on every view of that customer, without duplicates", () => {
    const views = new CustomerViews();
    views.apply(frame(42, view(9)));
    views.apply(frame(43, view(9)));
    views.apply(frame(44, view(10)));
    expect(views.addTag(9, " gift ")).toBe(true);
    expect(views.forConversation(42)?.tags).toEqual(["wholesale", "gift"]);
    expect(views.forConversation(43)?.tags).toEqual(["wholesale", "gift"]);
    expect(views.forConversation(44)?.tags).toEqual(["wholesale"]);
    expect(views.addTag(9, "gift")).toBe(false);
    expect(views.addTag(9, "  ")).toBe(false);
    expect(views.removeTag(9, "wholesale")).toBe(true);
    expect(views.forConversation(42)?.tags).toEqual(["gift"]);
    expect(views.removeTag(9, "absent")).toBe(false);
  });

  it("shows a new note first, once, and forgets a conversation on request", () => {
    const views = new CustomerViews();
    views.apply(frame(42, view(9, { notes: [{ id: 1, author_id: 3, body: "Prefers email", created_at: 1 }] })));
    const note = { id: 2, author_id: 3, body: "<b>not bold</b>", created_at: 2 };
    expect(views.addNote(9, note)).toBe(true);
    expect(views.addNote(9, note)).toBe(false);
    expect(views.forConversation(42)?.notes.map((n) => n.body)).toEqual(["<b>not bold</b>", "Prefers email"]);
    views.forget(42);
    expect(views.forConversation(42)).toBeUndefined();
  });
});

describe("merge suggestions and merges in held views", () => {
  const suggestion = (id: number) => ({
    id,
    customer_id: 9,
    candidate_id: 4,
    other_id: 4,
    other_name: "",
    kind: "email",
    matched: "ann@example.com",
    created_at: 1,
  });
  const merge = (id: number, by: number | null) => ({
    id,
    source_id: 9,
    source_name: "Visitor",
    reason: "suggestion",
    merged_at: 2,
    by_agent: by,
  });

  it("fills missing lists and drops entries without an id", () => {
    const views = new CustomerViews();
    views.apply(frame(1, { id: 3, display_name: "Bo", merge_suggestions: [{ kind: "email" }, suggestion(5)] }));
    expect(views.forConversation(1)?.merge_suggestions?.map((s) => s.id)).toEqual([5]);
    expect(views.forConversation(1)?.merges).toEqual([]);
  });

  it("hides a decided suggestion and an undone merge in every held view until the next push", () => {
    const views = new CustomerViews();
    views.apply(frame(1, view(4, { merge_suggestions: [suggestion(5), suggestion(6)], merges: [merge(8, 3)] })));
    views.set(-1, view(4, { merge_suggestions: [suggestion(5)] }));
    expect(views.dropSuggestion(5)).toBe(true);
    expect(views.forConversation(1)?.merge_suggestions?.map((s) => s.id)).toEqual([6]);
    expect(views.forConversation(-1)?.merge_suggestions).toEqual([]);
    expect(views.dropSuggestion(5)).toBe(false);
    expect(views.dropMerge(8)).toBe(true);
    expect(views.forConversation(1)?.merges).toEqual([]);
    // The server's next view wins.
    views.apply(frame(1, view(4, { merges: [merge(8, 3)] })));
    expect(views.forConversation(1)?.merges?.map((m) => m.id)).toEqual([8]);
  });

  it("names an anonymous customer by id", () => {
    expect(suggestionName(suggestion(5))).toBe("#4");
    expect(suggestionName({ ...suggestion(5), other_name: "Ann Lee" })).toBe("Ann Lee");
  });

  it("offers Undo to supervisors and admins, and to the agent who accepted the merge", () => {
    expect(mayUndoMerge(merge(8, 3), { id: 3, role: "agent" })).toBe(true);
    expect(mayUndoMerge(merge(8, 3), { id: 2, role: "agent" })).toBe(false);
    expect(mayUndoMerge(merge(8, null), { id: 2, role: "agent" })).toBe(false);
    expect(mayUndoMerge(merge(8, null), { id: 5, role: "supervisor" })).toBe(true);
    expect(mayUndoMerge(merge(8, 3), { id: 1, role: "admin" })).toBe(true);
    expect(mayUndoMerge(merge(8, 3), null)).toBe(false);
  });
});
