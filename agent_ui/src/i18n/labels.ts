// The names pages show for values the server sends (segments, identity kinds, order statuses,
// quality details), in the interface language. An unknown value is shown as sent, never hidden.
import { CATALOG, type MessageKey } from "./catalog";
import type { I18n } from "./i18n";

function known(i18n: I18n, key: string): key is MessageKey {
  return key in CATALOG[i18n.locale];
}

function label(i18n: I18n, key: string, fallback: string, params: Record<string, string | number> = {}): string {
  return known(i18n, key) ? i18n.t(key, params) : fallback;
}

/** A customer segment ("vip", "at_risk", ...). */
export function segmentLabel(i18n: I18n, segment: string): string {
  return label(i18n, `routing.segment.${segment}`, segment);
}

/** The kind of a customer's identity ("email", "phone", ...). */
export function identityKindLabel(i18n: I18n, kind: string): string {
  return label(i18n, `identity.${kind}`, kind);
}

/** A care rule's trigger or cancelling event ("order_delivered", "schedule", ...). */
export function careEventLabel(i18n: I18n, name: string): string {
  return label(i18n, `care.event.${name}`, name);
}

/** An order's payment and shipping state, e.g. "Paid · Shipped"; an empty shipping state is "not shipped yet". */
export function orderStatusLabel(i18n: I18n, financial: string | null | undefined, fulfillment: string | null | undefined): string {
  const parts: string[] = [];
  if (financial) parts.push(label(i18n, `order.financial.${financial}`, financial));
  const shipping = fulfillment || "unfulfilled";
  parts.push(label(i18n, `order.fulfillment.${shipping}`, shipping));
  return parts.join(" · ");
}

/** One line of a quality score's breakdown: its coded detail in the interface language, else the server's text. */
export function qualityDetailLabel(
  i18n: I18n,
  item: { detail?: string; detail_code?: string; detail_values?: Record<string, number> },
): string {
  const fallback = item.detail ?? "";
  if (!item.detail_code) return fallback;
  return label(i18n, `quality.detail.${item.detail_code}`, fallback, item.detail_values ?? {});
}
