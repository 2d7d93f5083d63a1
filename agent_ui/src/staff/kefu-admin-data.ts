import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n, MessageKey } from "../i18n/i18n";
import { HttpError } from "../net/http";
import { parseDays, readRetention, saveRetention } from "./data_api";
import { staffStyles } from "./staff_styles";

/**
 * The admin console's data tab: how long message text is kept (off by default; a save removes
 * what is older at once, and the server repeats it daily). The server checks every value again.
 */
@customElement("kefu-admin-data")
export class KefuAdminData extends LitElement {
  static override styles = [
    staffStyles,
    css`
      form { display: flex; flex-wrap: wrap; align-items: end; gap: 10px; margin: 12px 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--paper); }
      label { display: flex; flex-direction: column; gap: 4px; }
      input { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; width: 10em; }
      .muted { color: var(--muted); }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @state() private days: number | null | undefined = undefined;
  @state() private problem: string | null = null;
  @state() private notice: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    readRetention()
      .then((r) => (this.days = r.message_days))
      .catch(() => (this.problem = this.t("data.loadFailed")));
  }

  private t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return this.i18n.t(key, params);
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const text = String(new FormData(event.target as HTMLFormElement).get("message_days") ?? "");
    const days = parseDays(text);
    this.problem = null;
    this.notice = null;
    if (days === undefined) {
      this.problem = this.t("data.retention.bad");
      return;
    }
    saveRetention(days)
      .then((r) => {
        this.days = r.message_days;
        this.notice = this.t("data.retention.removed", {
          messages: r.removed?.messages ?? 0,
          attachments: r.removed?.attachments ?? 0,
        });
      })
      .catch((error: unknown) => {
        const code = error instanceof HttpError ? error.code : "network";
        this.problem = code === "bad_days" ? this.t("data.retention.bad") : this.t("admin.error.other", { code });
      });
  }

  override render() {
    return html`
      <section lang=${this.i18n.locale} aria-label=${this.t("data.retention.title")} class="retention">
        <h2>${this.t("data.retention.title")}</h2>
        <p class="muted">${this.t("data.retention.intro")}</p>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        ${this.notice ? html`<p role="status">${this.notice}</p>` : nothing}
        ${this.days === undefined
          ? nothing
          : html`<p class="current">
                ${this.days === null ? this.t("data.retention.off") : this.t("data.retention.on", { days: this.days })}
              </p>
              <form @submit=${(e: SubmitEvent) => this.submit(e)}>
                <label
                  >${this.t("data.retention.days")}
                  <input name="message_days" inputmode="numeric" .value=${this.days === null ? "" : String(this.days)} />
                </label>
                <button class="primary" type="submit">${this.t("admin.save")}</button>
              </form>`}
      </section>
    `;
  }
}
