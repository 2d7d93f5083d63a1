import { html, css, nothing, type TemplateResult } from "lit";
import type { I18n } from "../i18n/i18n";
import type { TriedAnswer } from "../protocol/types";

/**
 * What the customer already tried in the widget before the chat: the automatic answers they
 * saw and whether they said those helped, above the suggestions (issue 20).
 */
export function renderTried(tried: readonly TriedAnswer[], i18n: I18n): TemplateResult | typeof nothing {
  if (tried.length === 0) return nothing;
  const t = i18n.t.bind(i18n);
  return html`
    <div class="tried" role="note">
      <h3>${t("kb.tried.title")}</h3>
      <ul>
        ${tried.map(
          (a) => html`<li data-article-id=${a.id} class=${a.helped === false ? "not-helped" : a.helped ? "helped" : "silent"}>
            <span class="title">${a.title}</span>
            <span class="verdict">${a.helped === false ? t("kb.tried.notHelped") : a.helped ? t("kb.tried.helped") : t("kb.tried.noVerdict")}</span>
          </li>`,
        )}
      </ul>
    </div>
  `;
}

export const triedStyles = css`
  .tried { border: 1px dashed var(--line); border-radius: 8px; padding: 6px 8px; margin-bottom: 8px; font-size: 13px; }
  .tried h3 { font-size: 12px; margin: 0 0 4px; color: var(--muted); font-weight: 600; }
  .tried ul { list-style: none; margin: 0; padding: 0; }
  .tried li { display: flex; justify-content: space-between; gap: 8px; overflow-wrap: anywhere; }
  .tried .not-helped .verdict { color: #b3261e; font-weight: 600; }
  .tried .helped .verdict { color: #3b8a3e; }
  .tried .verdict { white-space: nowrap; }
  .article.rejected { opacity: 0.75; }
  .article .rejected-badge { font-size: 11px; color: #b3261e; }
  .notice.info, .notice.leaving { display: flex; align-items: center; gap: 8px; }
  .notice .notice-text { flex: 1; }
  .notice .dismiss { border: 0; background: none; font-size: 16px; cursor: pointer; color: inherit; }
  .notice.leaving { background: #fde7e4; color: #7a1d12; }
`;
