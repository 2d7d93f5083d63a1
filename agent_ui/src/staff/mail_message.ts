import { css, html, nothing, type TemplateResult } from "lit";
import type { I18n } from "../i18n/i18n";
import { requestJson } from "../net/http";
import { splitQuoted } from "../state/quoted_history";
import type { MailRoute, ReplyDelivery } from "./mailbox_api";

// How an e-mail conversation's messages read in the console (issue 25): the customer's words
// with the quoted history folded behind a native <details> toggle, and under each reply sent by
// mail its delivery state, with "send again" for an uncertain one. All text through Lit
// bindings: a mail's text is never read as HTML.

export const mailMessageStyles = css`
  details.quoted { margin-top: 6px; font-size: 12px; }
  details.quoted summary { cursor: pointer; color: var(--muted); }
  details.quoted .quoted-text { white-space: pre-wrap; color: var(--muted); border-left: 3px solid #d0d7de; padding-left: 8px; margin-top: 4px; }
  .delivery-line { font-size: 11px; }
  .delivery-line.delivery-failed, .delivery-line.delivery-uncertain { color: #b42318; font-weight: 600; }
  .delivery-line button { font-size: 11px; margin-left: 6px; }
`;

/** A customer's mail: its own words, and the quoted history folded (when it has one). */
export function renderMailText(text: string, i18n: I18n): TemplateResult {
  const split = splitQuoted(text);
  if (!split.quoted) return html`${text}`;
  return html`${split.own}
    <details class="quoted">
      <summary>${i18n.t("mail.quoted.show")}</summary>
      <div class="quoted-text">${split.quoted}</div>
    </details>`;
}

/** The delivery of the reply `seq` (nothing when it did not go by mail). */
export function renderReplyDelivery(
  route: MailRoute | null | undefined,
  seq: number,
  i18n: I18n,
  sendAgain: (seq: number) => void,
): TemplateResult | typeof nothing {
  const delivery: ReplyDelivery | undefined = route?.replies.find((r) => r.seq === seq);
  if (!delivery) return nothing;
  const t = i18n.t.bind(i18n);
  return html`<div class="delivery-line delivery-${delivery.state}" role="status" data-delivery=${delivery.state}>
    ${t(`mail.message.${delivery.state}`, { error: delivery.error })}
    ${delivery.state === "uncertain"
      ? html`<button type="button" class="send-again" @click=${() => sendAgain(seq)}>${t("mail.sendAgain")}</button>`
      : nothing}
  </div>`;
}

/** Asks the server to send an uncertain reply once more (an audited decision of the agent). */
export function sendReplyAgain(conversationId: number, seq: number): Promise<unknown> {
  return requestJson(`/api/mail/conversations/${conversationId}/replies/${seq}/send-again`, { method: "POST" });
}
