import { LitElement, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { apiKeyText } from "../i18n/catalog_api_keys";
import { I18n } from "../i18n/i18n";
import type { User } from "../protocol/types";
import "./kefu-api-keys";
import { currentUser, logoutAndLeave, toLogin } from "./staff_api";
import { staffStyles } from "./staff_styles";

/**
 * The admins' console (/admin): the top bar and its sections (today the API keys,
 * kefu-api-keys). Staff who are not admins see why they cannot use it.
 */
@customElement("kefu-admin")
export class KefuAdmin extends LitElement {
  static override styles = [staffStyles];

  @state() private user: User | null = null;
  private readonly i18n = I18n.forBrowser();

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    currentUser()
      .then((user) => {
        if (!user) return toLogin();
        this.user = user;
      })
      .catch(() => toLogin());
  }

  override render() {
    if (!this.user) return nothing;
    const t = this.i18n.t.bind(this.i18n);
    const locale = this.i18n.locale;
    return html`<div class="topbar" lang=${locale}>
        <span class="brand">${t("app.name")} · ${apiKeyText(locale, "keys.page")}</span>
        <span class="spacer"></span>
        <a href="/supervisor" style="color:#fff">${apiKeyText(locale, "keys.back")}</a>
        <span class="who">${this.user.name}</span>
        <button @click=${() => this.i18n.toggle()}>${t("lang.switch")}</button>
        <button @click=${() => logoutAndLeave()}>${t("logout")}</button>
      </div>
      <main lang=${locale} style="padding:20px">
        ${this.user.role === "admin"
          ? html`<kefu-api-keys></kefu-api-keys>`
          : html`<p class="error" role="alert">${apiKeyText(locale, "keys.forbidden")}</p>`}
      </main>`;
  }
}
