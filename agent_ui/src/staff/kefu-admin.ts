import { LitElement, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { I18n } from "../i18n/i18n";
import type { User } from "../protocol/types";
import "./kefu-admin-staff";
import "./kefu-api-keys";
import "./kefu-admin-rules";
import "./kefu-admin-mailboxes";
import "./kefu-admin-canned";
import "./kefu-webhooks";
import { currentUser, logoutAndLeave, redirectFor, toLogin } from "./staff_api";
import { staffStyles } from "./staff_styles";

/**
 * The admin console's shell (admin.html): for admins only. Anyone else is sent on before the
 * shell shows: agents to the console, supervisors to the supervisor screen. Sections: staff
 * (kefu-admin-staff), the shop's API keys (kefu-api-keys) and webhooks (kefu-webhooks).
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
        const elsewhere = redirectFor(user, "admin");
        if (elsewhere) return location.replace(elsewhere);
        this.user = user;
      })
      .catch(() => toLogin());
  }

  override render() {
    if (!this.user) return nothing;
    const t = this.i18n.t.bind(this.i18n);
    return html`
      <div class="topbar" lang=${this.i18n.locale}>
        <span class="brand">${t("app.name")} · ${t("admin.title")}</span>
        <span class="spacer"></span>
        <a href="/supervisor" style="color: inherit">${t("admin.toSupervisor")}</a>
        <span class="who">${this.user.name}</span>
        <button @click=${() => this.i18n.toggle()}>${t("lang.switch")}</button>
        <button @click=${() => logoutAndLeave()}>${t("logout")}</button>
      </div>
      <main style="padding: 16px">
        <kefu-admin-staff .i18n=${this.i18n} .self=${this.user.id}></kefu-admin-staff>
        <kefu-api-keys .i18n=${this.i18n}></kefu-api-keys>
        <kefu-admin-rules .i18n=${this.i18n}></kefu-admin-rules>
        <kefu-admin-mailboxes .i18n=${this.i18n}></kefu-admin-mailboxes>
        <kefu-admin-canned .i18n=${this.i18n}></kefu-admin-canned>
        <kefu-webhooks .i18n=${this.i18n}></kefu-webhooks>
      </main>
    `;
  }
}
