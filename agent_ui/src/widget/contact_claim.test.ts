import { describe, expect, it } from "vitest";
import { HttpError } from "../net/http";
import { ContactClaim, readClaim, type ClaimKind } from "./contact_claim";

describe("readClaim", () => {
  it("reads an email as typed (the server folds it), and a phone with its country code", () => {
    expect(readClaim("  Ann.Lee+shop@Example.com ")).toEqual({ kind: "email", value: "Ann.Lee+shop@Example.com" });
    expect(readClaim("+86 138-0013-8000")).toEqual({ kind: "phone", value: "+86 138-0013-8000" });
    expect(readClaim("0049 (711) 28422222")).toEqual({ kind: "phone", value: "0049 (711) 28422222" });
  });

  it("says why a claim cannot be sent", () => {
    expect(readClaim("   ")).toEqual({ problem: "empty" });
    expect(readClaim("ann@")).toEqual({ problem: "invalid_email" });
    expect(readClaim("ann @example.com")).toEqual({ problem: "invalid_email" });
    expect(readClaim("a@b@c")).toEqual({ problem: "invalid_email" });
    expect(readClaim("138 0013 8000")).toEqual({ problem: "invalid_phone" }); // no country code
    expect(readClaim("+86 abc")).toEqual({ problem: "invalid_phone" });
    expect(readClaim("+1 234")).toEqual({ problem: "invalid_phone" }); // too few digits
    expect(readClaim("+1234567890123456")).toEqual({ problem: "invalid_phone" }); // over 15
    expect(readClaim(`${"a".repeat(250)}@x.com`)).toEqual({ problem: "too_long" });
    // Bytes, not characters: 90 Han characters are 270 bytes.
    expect(readClaim(`${"张".repeat(90)}@x.cn`)).toEqual({ problem: "too_long" });
  });
});

describe("ContactClaim", () => {
  function setup(answer: () => Promise<unknown>) {
    const sent: [ClaimKind, string][] = [];
    const claim = new ContactClaim((kind, value) => {
      sent.push([kind, value]);
      return answer();
    });
    return { claim, sent };
  }

  it("sends a valid claim once and reports it saved", async () => {
    const { claim, sent } = setup(() => Promise.resolve({ type: "identity_claim", status: "received" }));
    expect(await claim.submit("ann@example.com")).toBe("saved");
    expect(sent).toEqual([["email", "ann@example.com"]]);
  });

  it("sends nothing for what it can already see is wrong", async () => {
    const { claim, sent } = setup(() => Promise.resolve(null));
    expect(await claim.submit("not an address")).toBe("invalid_phone");
    expect(await claim.submit("")).toBe("empty");
    expect(sent).toEqual([]);
  });

  it("maps the server's refusals to what the customer is told", async () => {
    let error: unknown = new HttpError(400, "invalid_email");
    const { claim } = setup(() => Promise.reject(error));
    expect(await claim.submit("ann@example")).toBe("invalid_email");
    error = new HttpError(400, "invalid_phone");
    expect(await claim.submit("+99 1234 5678")).toBe("invalid_phone");
    error = new HttpError(429, "too_many_claims");
    expect(await claim.submit("ann@example.com")).toBe("too_many");
    error = new HttpError(503, "unavailable");
    expect(await claim.submit("ann@example.com")).toBe("failed");
    error = new TypeError("network down");
    expect(await claim.submit("ann@example.com")).toBe("failed");
  });

  it("ignores a second submit while the first is in flight", async () => {
    let release: (v: unknown) => void = () => {};
    const { claim, sent } = setup(() => new Promise((resolve) => (release = resolve)));
    const first = claim.submit("ann@example.com");
    expect(claim.status).toBe("sending");
    expect(await claim.submit("bob@example.com")).toBe("sending");
    release(null);
    expect(await first).toBe("saved");
    expect(sent).toHaveLength(1);
  });
});
