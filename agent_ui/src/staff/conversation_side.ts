import { css, html, nothing } from "lit";
import type { I18n } from "../i18n/i18n";
import type { SuggestedArticle, User } from "../protocol/types";
import type { ConversationLog } from "../state/conversation_log";
import type { CustomerViews } from "../state/customer_views";
import { snippetParts } from "../state/highlight";
import type { Suggestions } from "../state/suggestions";
import "./kefu-customer-panel";
import { renderTried } from "./kb_trail_view";
import { isOpen } from "./conversation_list";

// The column beside the conversation on the agent's screen: the knowledge base's suggestions
// for the customer's latest message (what the widget already tried, one-click insert into the
// reply) and the unified customer view (kefu-customer-panel). All text through Lit bindings.

export const conversationSideStyles = css`
  .side { border-left: 1px solid var(--line); overflow-y: auto; background: var(--paper); }
  .side h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin: 12px 14px 6px; }
  .suggestions { padding: 0 14px 10px; border-bottom: 1px solid var(--line); }
  .suggestions .empty { color: var(--muted); font-size: 12px; }
  .article { border: 1px solid var(--line); border-radius: 8px; padding: 6px 8px; margin-bottom: 6px; }
  .article .title { font-weight: 600; overflow-wrap: anywhere; }
  .article .snippet { font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
  .article .row { display: flex; justify-content: space-between; align-items: center; gap: 6px; margin-top: 4px; }
  .article .badge { font-size: 11px; color: #3b8a3e; }
  .article.used { border-color: #3b8a3e; }
`;

/** What the side column needs from the console. */
export interface SideContext {
  readonly i18n: I18n;
  readonly suggestions: Suggestions;
  readonly customers: CustomerViews;
  readonly user: User | null;
  /** Puts the article into the reply box and tells the server it was used. */
  insertArticle(article: SuggestedArticle): void;
}

/** The column for the conversation on screen (empty when none is). */
export function renderConversationSide(log: ConversationLog | undefined, ctx: SideContext) {
  const { i18n, suggestions } = ctx;
  const t = i18n.t.bind(i18n);
  if (!log) return html`<div class="side"></div>`;
  const articles = suggestions.forConversation(log.id);
  const open = isOpen(log.summary?.status ?? "assigned");
  return html`
    <div class="side">
      <section class="suggestions" aria-label=${t("kb.suggestions")}>
        <h2>${t("kb.suggestions")}</h2>
        ${renderTried(suggestions.triedIn(log.id), i18n)}
        ${articles.length === 0 ? html`<p class="empty">${t("kb.noSuggestions")}</p>` : nothing}
        ${articles.map(
          (a) => html`<div class="article ${suggestions.wasUsed(log.id, a.id) ? "used" : ""} ${a.rejected ? "rejected" : ""}" data-article-id=${a.id}>
            <div class="title">${a.title}</div>
            <div class="snippet">${snippetParts(a.snippet).map((p) => (p.hit ? html`<mark>${p.text}</mark>` : p.text))}</div>
            <div class="row">
              ${a.rejected
                ? html`<span class="rejected-badge">${t("kb.rejected")}</span>`
                : html`<span class="badge">${a.confident ? t("kb.confident") : ""}</span>`}
              <button class="insert" ?disabled=${!open} @click=${() => ctx.insertArticle(a)}>${t("kb.insert")}</button>
            </div>
          </div>`,
        )}
      </section>
      <h2>${t("customer.title")}</h2>
      <kefu-customer-panel .i18n=${i18n} locale=${i18n.locale} .conversationId=${log.id} .view=${ctx.customers.forConversation(log.id)} .user=${ctx.user}></kefu-customer-panel>
    </div>
  `;
}
