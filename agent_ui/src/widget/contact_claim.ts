import { HttpError } from "../net/http";

/** What a customer may give in the widget so the shop can reach them. */
export type ClaimKind = "email" | "phone";

/** The longest email (RFC 5321) or phone the server takes, in UTF-8 bytes. */
export const MAX_CLAIM_BYTES = 254;

/** Where a claim stands, as the widget shows it. */
export type ClaimStatus =
  | "idle"
  | "sending"
  | "saved"
  | "empty"
  | "invalid_email"
  | "invalid_phone"
  | "too_long"
  | "too_many"
  | "failed";

/** A claim read from the field, or why it cannot be sent. */
export type ReadClaim = { kind: ClaimKind; value: string } | { problem: "empty" | "too_long" | "invalid_email" | "invalid_phone" };

/**
 * Reads what the customer typed: text with an "@" is an email, anything else a phone. The
 * check is a courtesy that catches typos before a round trip; the server decides (it answers
 * invalid_email / invalid_phone for what it refuses). A phone needs its country code ("+" or
 * "00"), since the server cannot guess it.
 */
export function readClaim(text: string): ReadClaim {
  const value = text.trim();
  if (!value) return { problem: "empty" };
  if (new TextEncoder().encode(value).length > MAX_CLAIM_BYTES) return { problem: "too_long" };
  if (value.includes("@")) {
    return /^[^\s@]+@[^\s@]+$/.test(value) ? { kind: "email", value } : { problem: "invalid_email" };
  }
  if (!/^(\+|00)[\d\s().\-/]+$/.test(value)) return { problem: "invalid_phone" };
  const digits = value.replace(/\D/g, "").replace(/^00/, "");
  return digits.length >= 8 && digits.length <= 15 ? { kind: "phone", value } : { problem: "invalid_phone" };
}

/** Sends one claim to the server (POST /api/widget/claim); throws HttpError when refused. */
export type SendClaim = (kind: ClaimKind, value: string) => Promise<unknown>;

/**
 * The "so we can reach you" field's state: checks the text, sends it once at a time, and maps
 * the server's answer to a status. The server's answer never says whether the address belongs to
 * someone else, so "saved" is all a customer ever learns. Plain state, no DOM.
 */
export class ContactClaim {
  status: ClaimStatus = "idle";

  constructor(private readonly send: SendClaim) {}

  /** Checks and sends `text`; returns (and keeps) the new status. A second call while one is in flight is ignored. */
  async submit(text: string): Promise<ClaimStatus> {
    if (this.status === "sending") return this.status;
    const claim = readClaim(text);
    if ("problem" in claim) return (this.status = claim.problem);
    this.status = "sending";
    try {
      await this.send(claim.kind, claim.value);
      this.status = "saved";
    } catch (error) {
      this.status = statusForError(error);
    }
    return this.status;
  }
}

function statusForError(error: unknown): ClaimStatus {
  if (!(error instanceof HttpError)) return "failed";
  if (error.status === 429) return "too_many";
  if (error.code === "invalid_email" || error.code === "invalid_phone" || error.code === "too_long") return error.code;
  return "failed";
}
