import { describe, expect, it } from "vitest";
import { ClientIdSource, Outbox } from "./outbox";
import { decodePending, encodePending } from "./outbox_storage";

describe("outbox storage", () => {
  it("brings pending messages back with their client ids", () => {
    const outbox = new Outbox(new ClientIdSource("w"));
    const a = outbox.add("first");
    const b = outbox.add("second", 42);
    outbox.fail(b.clientId, "too_long");
    const restored = decodePending(encodePending(outbox.all()));
    expect(restored).toEqual([
      { clientId: a.clientId, conversationId: undefined, text: "first", state: "sending", error: null },
      { clientId: b.clientId, conversationId: 42, text: "second", state: "sending", error: null },
    ]);
  });

  it("skips what is malformed", () => {
    expect(decodePending(null)).toEqual([]);
    expect(decodePending("not json")).toEqual([]);
    expect(decodePending('{"clientId":"x"}')).toEqual([]);
    const stored = JSON.stringify([
      { clientId: "", text: "no id" },
      { clientId: "x".repeat(65), text: "id too long" },
      { clientId: "ok-1", text: "" },
      { clientId: "ok-2", text: "bad conversation", conversationId: "42" },
      { clientId: "ok-3", text: "kept", conversationId: null },
      null,
    ]);
    expect(decodePending(stored).map((p) => p.clientId)).toEqual(["ok-3"]);
  });
});
