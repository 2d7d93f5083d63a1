import { css, html, nothing, type TemplateResult } from "lit";
import type { I18n } from "../i18n/i18n";
import { MAX_RATING_COMMENT_LENGTH } from "../protocol/types";
import type { CsatState } from "../state/csat_state";

/** What the survey asks of the widget that hosts it. */
export interface CsatHandlers {
  changed(): void;
  send(): void;
  dismiss(): void;
}

/**
 * The satisfaction survey at the end of a chat: five star buttons (a radio group: Tab reaches
 * it, arrow keys move, Enter or Space picks), an optional comment and a thank-you. Rendered into
 * the widget's shadow root; every text is a Lit text binding.
 */
export function renderCsat(csat: CsatState, i18n: I18n, on: CsatHandlers): TemplateResult | typeof nothing {
  const t = i18n.t.bind(i18n);
  if (csat.phase === "hidden") return nothing;
  if (csat.phase === "thanks") {
    return html`<div class="csat thanks" role="status">
      <span>${t("csat.thanks")}</span>
      <button class="csat-close" aria-label=${t("csat.close")} @click=${() => on.dismiss()}>×</button>
    </div>`;
  }
  const sending = csat.phase === "sending";
  const pick = (rating: number) => {
    csat.choose(rating);
    on.changed();
  };
  const onKey = (event: KeyboardEvent) => {
    // Arrows move from the focused star (as in any radio group), or from the chosen one.
    const focused = Number((event.target as HTMLElement).dataset?.rating);
    const now = Number.isInteger(focused) && focused >= 1 ? focused : (csat.rating ?? 0);
    let next = now;
    if (event.key === "ArrowRight" || event.key === "ArrowUp") next = Math.min(5, now + 1);
    else if (event.key === "ArrowLeft" || event.key === "ArrowDown") next = Math.max(1, now - 1);
    else return;
    event.preventDefault();
    pick(next);
    const group = event.currentTarget as HTMLElement;
    group.querySelector<HTMLElement>(`[data-rating="${next}"]`)?.focus();
  };
  return html`
    <form
      class="csat"
      aria-label=${t("csat.title")}
      @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        on.send();
      }}
    >
      <div class="csat-head">
        <strong>${csat.agentName ? t("csat.question.agent", { name: csat.agentName }) : t("csat.question")}</strong>
        <button type="button" class="csat-close" aria-label=${t("csat.close")} @click=${() => on.dismiss()}>×</button>
      </div>
      <div class="stars" role="radiogroup" aria-label=${t("csat.title")} @keydown=${onKey}>
        ${[1, 2, 3, 4, 5].map(
          (n) => html`<button
            type="button"
            role="radio"
            class="star ${csat.rating !== null && n <= csat.rating ? "on" : ""}"
            data-rating=${n}
            aria-checked=${csat.rating === n ? "true" : "false"}
            aria-label=${t(`csat.star.${n}` as "csat.star.1")}
            title=${t(`csat.star.${n}` as "csat.star.1")}
            tabindex=${(csat.rating ?? 1) === n ? "0" : "-1"}
            ?disabled=${sending}
            @click=${() => pick(n)}
          >★</button>`,
        )}
      </div>
      <label class="csat-comment">
        <span>${t("csat.comment")}</span>
        <textarea
          rows="2"
          maxlength=${MAX_RATING_COMMENT_LENGTH}
          .value=${csat.comment}
          ?disabled=${sending}
          @input=${(event: Event) => {
            csat.setComment((event.target as HTMLTextAreaElement).value);
          }}
        ></textarea>
      </label>
      ${csat.error ? html`<p class="failed" role="alert">${i18n.error(csat.error)}</p>` : nothing}
      <button class="send" type="submit" ?disabled=${sending || csat.rating === null}>
        ${sending ? t("msg.sending") : t("csat.submit")}
      </button>
    </form>
  `;
}

/** The survey's look inside the widget. */
export const csatStyles = css`
  .csat { margin: 6px 12px; padding: 10px 12px; border: 1px solid #d6e2db; border-radius: 10px; background: var(--kefu-soft); display: grid; gap: 8px; }
  .csat.thanks { display: flex; justify-content: space-between; align-items: center; color: var(--kefu-accent); font-weight: 600; }
  .csat-head { display: flex; justify-content: space-between; align-items: start; gap: 8px; }
  .csat-close { background: none; border: none; font-size: 18px; line-height: 1; color: var(--kefu-muted); padding: 0 4px; }
  .stars { display: flex; gap: 4px; }
  .star { background: none; border: 1px solid transparent; border-radius: 6px; font-size: 26px; line-height: 1; padding: 2px 4px; color: #b9c4be; }
  .star.on { color: #e0a100; }
  .star:focus-visible { outline: 2px solid var(--kefu-accent); outline-offset: 1px; }
  .csat-comment { display: grid; gap: 4px; font-size: 12px; color: var(--kefu-muted); }
  .csat-comment textarea { font: inherit; font-size: 14px; color: var(--kefu-ink); border: 1px solid #cfd9d3; border-radius: 8px; padding: 6px 8px; resize: vertical; }
  .csat .send { justify-self: start; }
`;
