import { css, html, nothing } from "lit";
import type { I18n } from "../i18n/i18n";
import type { ConversationStatus } from "../protocol/types";
import type { ChatState } from "../state/chat_state";
import type { ConversationLog } from "../state/conversation_log";
import type { CustomerViews } from "../state/customer_views";
import { resolutionOverdue } from "../state/sla";
import type { ConversationSlaClocks } from "./conversation_sla_clocks";

// The agent console's live list of my conversations (the inbox's "live" slot): who each customer
// is, the last message, unread counts, how long the customer has waited, the priority and the SLA
// badges. All text through Lit bindings.

export const conversationListStyles = css`
  ul { list-style: none; margin: 0; padding: 0; }
  li button {
    width: 100%;
    text-align: left;
    border: none;
    border-bottom: 1px solid var(--line);
    border-radius: 0;
    background: transparent;
    padding: 10px 14px;
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 2px 8px;
  }
  li button[aria-current="true"] { background: var(--paper); box-shadow: inset 3px 0 0 var(--accent); }
  li .name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  li .preview { grid-column: 1 / -1; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  li .facts { grid-column: 1 / -1; font-size: 12px; color: var(--muted); display: flex; gap: 8px; }
  li .waiting { color: #9a5b00; }
  li .waiting.long { color: var(--warn); font-weight: 600; }
  .unread { background: var(--accent); color: #fff; border-radius: 10px; padding: 0 7px; font-size: 12px; height: 20px; line-height: 20px; }
  .resolved-tag { font-size: 12px; color: var(--muted); }
  .sla { border-radius: 10px; padding: 0 6px; font-weight: 600; }
  .sla-breached { background: #fbe3e1; color: var(--warn); }
  .priority { border-radius: 10px; padding: 0 6px; font-weight: 600; background: #ece4f6; color: #4b2a7a; }
  .sla-at_risk { background: #fff1cc; color: #7a5200; }
`;

/** Whether a conversation still waits for an agent's work. */
export function isOpen(status: ConversationStatus): boolean {
  return status === "assigned" || status === "queued";
}

/** Open conversations first (longest waiting first), then the resolved ones. */
export function sortConversations(state: ChatState): ConversationLog[] {
  const closed = (log: ConversationLog) => !isOpen(log.summary?.status ?? "assigned");
  return state.conversations().sort((a, b) => Number(closed(a)) - Number(closed(b)));
}

/** The customer's name as the customer view knows it, with a ticket's subject. */
export function customerName(log: ConversationLog, customers: CustomerViews, i18n: I18n): string {
  const name =
    customers.forConversation(log.id)?.display_name ?? log.summary?.customer?.name ?? `${i18n.t("msg.customer")} #${log.id}`;
  const subject = log.summary?.channel === "chat" ? null : log.summary?.subject;
  return subject ? `${name} · ${subject}` : name;
}

/** What a row of the list needs from the console. */
export interface ConversationListContext {
  readonly i18n: I18n;
  readonly state: ChatState;
  readonly customers: CustomerViews;
  readonly clocks: ConversationSlaClocks;
  readonly selectedId: number | null;
  select(id: number): void;
}

/** One conversation's row: a button that opens it (data-conversation-id names it). */
export function renderConversationItem(log: ConversationLog, ctx: ConversationListContext) {
  const { i18n, state, clocks } = ctx;
  const t = i18n.t.bind(i18n);
  const unread = log.id === ctx.selectedId ? 0 : log.unreadCount("customer");
  const last = log.lastMessage();
  const since = log.customerWaitingSince();
  const status = log.summary?.status ?? "assigned";
  const open = isOpen(status);
  const waited = since === null ? null : (state.serverNow(Date.now()) - since) / 1000;
  const risk = clocks.badgeRisk(log, since, state.serverNow(Date.now()));
  // The conversation's priority when it is above normal (it chose the clock's policy).
  const priority = clocks.of(log.id)?.priority;
  return html`
    <li>
      <button
        aria-current=${log.id === ctx.selectedId ? "true" : "false"}
        data-conversation-id=${log.id}
        @click=${() => ctx.select(log.id)}
      >
        <span class="name">${customerName(log, ctx.customers, i18n)}</span>
        ${unread > 0
          ? html`<span class="unread" aria-label=${t("console.unread", { count: unread })}>${unread}</span>`
          : open
            ? html`<span></span>`
            : html`<span class="resolved-tag">${t(`conv.status.${status}`)}</span>`}
        <span class="preview">${last ? last.text : ""}</span>
        <span class="facts">
          <span>${t(`channel.${log.summary?.channel ?? "chat"}`)}</span>
          ${open && waited !== null
            ? html`<span class="waiting ${waited > 120 ? "long" : ""}"
                >${t("console.waiting", { duration: i18n.duration(waited) })}</span
              >`
            : nothing}
          ${open && priority && priority !== "normal"
            ? html`<span class="priority" data-priority=${priority}>${t(`priority.${priority}`)}</span>`
            : nothing}
          ${open && risk !== "none" && risk !== "ok"
            ? html`<span class="sla sla-${risk}" data-sla-policy=${clocks.of(log.id)?.policy ?? ""}>${t(`sla.${risk}`)}</span>`
            : nothing}
          ${open && resolutionOverdue(clocks.of(log.id), state.serverNow(Date.now()))
            ? html`<span class="sla sla-breached resolution-overdue">${t("sla.resolutionOverdue")}</span>`
            : nothing}
        </span>
      </button>
    </li>
  `;
}
