import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { CATALOG } from "../i18n/catalog";
import { I18n, type MessageKey } from "../i18n/i18n";
import { HttpError, requestJson } from "../net/http";
import { roundScore, type Review } from "../state/quality_reviews";
import { staffStyles } from "./staff_styles";

/**
 * The agent's "my reviews" in the console: supervisors' reviews of their conversations with
 * the score, the marks and the comment (GET /api/quality/reviews answers only the agent's own).
 * Loaded when opened; comments are rendered as text.
 */
@customElement("kefu-my-reviews")
export class KefuMyReviews extends LitElement {
  static override styles = [
    staffStyles,
    css`
      details { border-top: 1px solid var(--line); padding: 8px 12px; }
      summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
      ul { list-style: none; margin: 6px 0; padding: 0; display: grid; gap: 8px; }
      li { border: 1px solid var(--line); border-radius: 8px; padding: 8px; background: var(--paper); }
      .score { font-weight: 700; }
      .meta { font-size: 12px; color: var(--muted); }
      .comment { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: 4px; }
      .marks { font-size: 12px; color: var(--muted); }
    `,
  ];

  @state() private reviews: Review[] | null = null;
  @state() private problem: string | null = null;
  private readonly i18n = I18n.forBrowser();

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    document.addEventListener("kefu-locale", this.onLocale);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("kefu-locale", this.onLocale);
  }

  private readonly onLocale = () => this.i18n.setLocale(I18n.forBrowser().locale);

  async load(): Promise<void> {
    try {
      this.problem = null;
      this.reviews = (await requestJson<{ reviews: Review[] }>("/api/quality/reviews")).reviews;
    } catch (error) {
      this.problem = this.i18n.t("quality.failed", { code: error instanceof HttpError ? error.code : "offline" });
    }
  }

  private category(name: string): string {
    const key = `quality.category.${name}`;
    return key in CATALOG[this.i18n.locale] ? this.i18n.t(key as MessageKey) : name;
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    const n = (v: number) => this.i18n.number(roundScore(v));
    return html`<details class="my-reviews" lang=${this.i18n.locale} @toggle=${(e: Event) => {
      if ((e.target as HTMLDetailsElement).open) void this.load();
    }}>
      <summary>${t("myReviews.title")}</summary>
      <button @click=${() => this.load()}>${t("myReviews.refresh")}</button>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.reviews && this.reviews.length === 0 ? html`<p class="meta">${t("myReviews.none")}</p>` : nothing}
      <ul>
        ${(this.reviews ?? []).map(
          (r) => html`<li data-review=${r.id}>
            <div class="meta">${t("myReviews.conversation", { id: String(r.conversation_id) })} · ${this.i18n.dateTime(r.at)}</div>
            <div class="score">
              ${t("myReviews.scores", { score: n(r.score), automatic: r.automatic_score === null ? "—" : n(r.automatic_score) })}
            </div>
            <div class="marks">${Object.entries(r.marks).map(([name, mark]) => `${this.category(name)} ${n(mark)}`).join(" · ")}</div>
            ${r.comment ? html`<div class="comment">${r.comment}</div>` : nothing}
            <div class="meta">${t("myReviews.by", { name: r.reviewer_name })}</div>
          </li>`,
        )}
      </ul>
    </details>`;
  }
}
