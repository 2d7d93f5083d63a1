import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n, MessageKey } from "../i18n/i18n";
import { HttpError } from "../net/http";
import { eraseCustomer } from "./data_api";
import { searchCustomers, type CustomerHit } from "./desk_api";
import { staffStyles } from "./staff_styles";

/**
 * Customer erasure in the admin console's data tab: find the customer, ask for the erasure, and
 * confirm it in the page (nothing is erased before the confirmation; the server checks the
 * admin again). Afterwards the customer's name, contacts, notes and message text are gone.
 */
@customElement("kefu-admin-erasure")
export class KefuAdminErasure extends LitElement {
  static override styles = [
    staffStyles,
    css`
      form, .confirm { display: flex; flex-wrap: wrap; align-items: end; gap: 10px; margin: 12px 0; }
      .confirm { padding: 12px; border: 1px solid #c0392b; border-radius: 8px; background: var(--paper); }
      input { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
      ul { list-style: none; padding: 0; }
      li { display: flex; gap: 10px; align-items: center; padding: 4px 0; }
      .danger { background: #c0392b; color: #fff; border-color: #c0392b; }
      .muted { color: var(--muted); }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @state() private hits: CustomerHit[] | null = null;
  @state() private asked: CustomerHit | null = null;
  @state() private problem: string | null = null;
  @state() private notice: string | null = null;

  private t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return this.i18n.t(key, params);
  }

  private search(event: SubmitEvent): void {
    event.preventDefault();
    const q = String(new FormData(event.target as HTMLFormElement).get("q") ?? "").trim();
    this.problem = null;
    this.notice = null;
    this.asked = null;
    searchCustomers(q)
      .then((hits) => (this.hits = hits))
      .catch(() => (this.problem = this.t("erasure.searchFailed")));
  }

  private erase(customer: CustomerHit): void {
    this.problem = null;
    eraseCustomer(customer.id)
      .then(() => {
        this.notice = this.t("erasure.done", { name: customer.display_name, id: customer.id });
        this.asked = null;
        this.hits = (this.hits ?? []).filter((h) => h.id !== customer.id);
      })
      .catch((error: unknown) => {
        const code = error instanceof HttpError ? error.code : "network";
        this.problem = this.t("admin.error.other", { code });
      });
  }

  override render() {
    const asked = this.asked;
    return html`
      <section lang=${this.i18n.locale} aria-label=${this.t("erasure.title")} class="erasure">
        <h2>${this.t("erasure.title")}</h2>
        <p class="muted">${this.t("erasure.intro")}</p>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        ${this.notice ? html`<p role="status">${this.notice}</p>` : nothing}
        <form @submit=${(e: SubmitEvent) => this.search(e)}>
          <label>${this.t("erasure.find")} <input name="q" type="search" /></label>
          <button type="submit">${this.t("erasure.search")}</button>
        </form>
        ${this.hits && this.hits.length === 0 ? html`<p class="muted">${this.t("erasure.none")}</p>` : nothing}
        <ul>
          ${(this.hits ?? []).map(
            (h) =>
              html`<li data-customer=${h.id}>
                <span>${h.display_name || "—"} (#${h.id})</span>
                <button class="ask" @click=${() => ((this.asked = h), (this.notice = null))}>${this.t("erasure.erase")}</button>
              </li>`,
          )}
        </ul>
        ${asked
          ? html`<div class="confirm" role="alertdialog" aria-label=${this.t("erasure.confirmTitle")}>
              <p>${this.t("erasure.confirm", { name: asked.display_name || "—", id: asked.id })}</p>
              <button class="danger confirm-erase" @click=${() => this.erase(asked)}>${this.t("erasure.yes")}</button>
              <button class="cancel" @click=${() => (this.asked = null)}>${this.t("erasure.cancel")}</button>
            </div>`
          : nothing}
      </section>
    `;
  }
}
