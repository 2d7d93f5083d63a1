import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n, MessageKey } from "../i18n/i18n";
import { HttpError } from "../net/http";
import { parseWeight, readQualitySettings, saveQualitySettings, type QualitySettings } from "./quality_settings_api";
import { staffStyles } from "./staff_styles";

/**
 * The admin console's quality tab: the automatic quality score's weights and the supervisors'
 * scorecard (its categories and their weights), saved whole; the server checks them again and
 * its refusal is shown with its reason.
 */
@customElement("kefu-admin-quality")
export class KefuAdminQuality extends LitElement {
  static override styles = [
    staffStyles,
    css`
      form { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px; margin: 12px 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--paper); }
      label { display: flex; flex-direction: column; gap: 4px; }
      input { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
      h3 { grid-column: 1 / -1; margin: 4px 0 0; }
      .muted { color: var(--muted); }
      .actions { grid-column: 1 / -1; }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @state() private settings: QualitySettings | null = null;
  @state() private problem: string | null = null;
  @state() private notice: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    readQualitySettings()
      .then((s) => (this.settings = s))
      .catch(() => (this.problem = this.t("quality.admin.loadFailed")));
  }

  private t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return this.i18n.t(key, params);
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    if (!this.settings) return;
    const data = new FormData(event.target as HTMLFormElement);
    const weights: Record<string, number> = {};
    const scorecard: { name: string; weight: number }[] = [];
    this.problem = null;
    this.notice = null;
    for (const name of Object.keys(this.settings.weights)) {
      const weight = parseWeight(String(data.get(`weight.${name}`) ?? ""));
      if (weight === undefined) return void (this.problem = this.t("quality.admin.badWeight"));
      weights[name] = weight;
    }
    this.settings.scorecard.forEach((category, i) => {
      scorecard.push({ name: category.name, weight: parseWeight(String(data.get(`card.${i}`) ?? "")) ?? -1 });
    });
    if (scorecard.some((c) => c.weight < 0)) return void (this.problem = this.t("quality.admin.badWeight"));
    saveQualitySettings({ ...this.settings, weights, scorecard })
      .then((saved) => {
        this.settings = saved;
        this.notice = this.t("admin.saved");
      })
      .catch((error: unknown) => {
        const code = error instanceof HttpError ? error.code : "network";
        this.problem = this.t("quality.admin.refused", { reason: code });
      });
  }

  override render() {
    const s = this.settings;
    return html`
      <section lang=${this.i18n.locale} aria-label=${this.t("quality.admin.title")}>
        <h2>${this.t("quality.admin.title")}</h2>
        <p class="muted">${this.t("quality.admin.intro")}</p>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        ${this.notice ? html`<p role="status">${this.notice}</p>` : nothing}
        ${s
          ? html`<form class="quality-settings" @submit=${(e: SubmitEvent) => this.submit(e)}>
              <h3>${this.t("quality.admin.weights")}</h3>
              ${Object.entries(s.weights).map(
                ([name, weight]) =>
                  html`<label
                    >${this.t(`quality.item.${name}` as MessageKey)}
                    <input name=${`weight.${name}`} inputmode="decimal" .value=${String(weight)} />
                  </label>`,
              )}
              <h3>${this.t("quality.admin.scorecard")}</h3>
              ${s.scorecard.map(
                (c, i) =>
                  html`<label>${c.name}<input name=${`card.${i}`} inputmode="decimal" .value=${String(c.weight)} /></label>`,
              )}
              <div class="actions"><button class="primary" type="submit">${this.t("admin.save")}</button></div>
            </form>`
          : nothing}
      </section>
    `;
  }
}
