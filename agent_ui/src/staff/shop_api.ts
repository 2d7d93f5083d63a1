// The admin's shop integration (docs/protocol.md, "Admin: the shop's integration"). Each call
// rejects with HttpError carrying the server's typed error code.
import { requestJson } from "../net/http";

export type SecretKind = "order_webhook" | "widget_identity";
export const SECRET_KINDS: readonly SecretKind[] = ["order_webhook", "widget_identity"];

/** A secret's state: never its key. */
export interface SecretState {
  configured: boolean;
  from_flag: boolean;
  rotated_at: number | null;
  /** While the previous key still verifies: until when (ms); null otherwise. */
  previous_until: number | null;
}

export interface ShopIntegration {
  order_webhook: SecretState;
  widget_identity: SecretState;
  allowed_origins: string[];
  /** Origins of `kefu serve --allowed-origin`: shown, not editable here. */
  flag_origins: string[];
  snippet: string;
  preview_url: string;
}

export interface RotatedSecret {
  kind: SecretKind;
  secret: string;
  rotated_at: number;
  previous_until: number | null;
}

/** What the webhook's path answered to the test order. */
export interface TestOrderResult {
  accepted: boolean;
  status: number;
  error?: string;
  message?: string;
  order_id?: number;
  customer_id?: number;
  created?: boolean;
}

export function readShop(): Promise<ShopIntegration> {
  return requestJson<ShopIntegration>("/api/admin/shop");
}

/** A new key for `kind`; the old one keeps verifying for `overlapHours` hours (0: stops now). */
export function rotateSecret(kind: SecretKind, overlapHours: number): Promise<RotatedSecret> {
  return requestJson<RotatedSecret>(`/api/admin/shop/secrets/${kind}/rotate`, {
    body: { overlap_seconds: Math.round(overlapHours * 3600) },
  });
}

export function saveOrigins(origins: string[]): Promise<ShopIntegration> {
  return requestJson<ShopIntegration>("/api/admin/shop/origins", { method: "PUT", body: { allowed_origins: origins } });
}

export function sendTestOrder(): Promise<TestOrderResult> {
  return requestJson<TestOrderResult>("/api/admin/shop/test-order", { method: "POST" });
}

/** The origins typed one a line (blank lines dropped, spaces trimmed); the server checks each. */
export function parseOrigins(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The overlap typed in hours: 0 to 168, whole or with a fraction; undefined otherwise. */
export function parseOverlapHours(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const hours = Number(trimmed);
  return hours >= 0 && hours <= 168 ? hours : undefined;
}
