import { describe, expect, it } from "vitest";
import type { ServerEvent } from "../protocol/types";
import type { MailRoute } from "../staff/mailbox_api";
import { MailRoutes } from "./mail_routes";

const route = (): MailRoute => ({
  conversation_id: 7,
  address: "ann@example.com",
  subject: "Late parcel",
  mailbox: { name: "support", address: "support@tea.example" },
  replies: [],
});

const delivery = (seq: number, state: "queued" | "sent" | "failed" | "uncertain", error = ""): ServerEvent => ({
  type: "mail_delivery",
  conversation_id: 7,
  seq,
  state,
  attempts: 1,
  error,
  recipient: "ann@example.com",
});

describe("MailRoutes", () => {
  it("loads a conversation's route once and follows its replies' deliveries", async () => {
    let loads = 0;
    const routes = new MailRoutes(async () => {
      loads += 1;
      return route();
    });
    let changed = 0;
    expect(routes.route(7, () => (changed += 1))).toBeUndefined();
    expect(routes.route(7, () => (changed += 1))).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(loads).toBe(1);
    expect(changed).toBe(1);
    const loaded = routes.route(7, () => undefined)!;
    expect(loaded.address).toBe("ann@example.com");
    expect(MailRoutes.latest(loaded)).toBeNull();
    expect(routes.apply(delivery(3, "queued", "deferred: 451"))).toBe(true);
    expect(MailRoutes.latest(loaded)).toEqual({ state: "queued", error: "deferred: 451" });
    routes.apply(delivery(3, "sent"));
    expect(MailRoutes.latest(loaded)).toEqual({ state: "sent", error: "" });
    routes.apply(delivery(5, "uncertain", "connection reset"));
    expect(MailRoutes.latest(loaded)?.state).toBe("uncertain");
    expect(loaded.replies).toHaveLength(2);
  });

  it("remembers a conversation that is not an e-mail one, and ignores other frames", async () => {
    const routes = new MailRoutes(async () => null);
    routes.route(9, () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(routes.route(9, () => undefined)).toBeNull();
    expect(routes.apply({ type: "agent_status", status: "away" } as unknown as ServerEvent)).toBe(false);
  });
});
