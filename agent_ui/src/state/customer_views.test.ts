import { describe, expect, it } from "vitest";
import type { CustomerView, ServerEvent } from "../protocol/types";
import { CustomerViews } from "./customer_views";

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
