import { LitElement, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { I18n } from "../i18n/i18n";
import type { User } from "../protocol/types";
import "./kefu-admin-audit";
import "./kefu-admin-canned";
import "./kefu-admin-data";
import "./kefu-admin-erasure";
import "./kefu-admin-mailboxes";
import "./kefu-admin-quality";
import "./kefu-admin-routing";
import "./kefu-admin-rules";
import "./kefu-admin-shop";
import "./kefu-admin-sla";
import "./kefu-admin-tags";
import "./kefu-admin-staff";
import "./kefu-api-keys";
import "./kefu-webhooks";
import { currentUser, logoutAndLeave, redirectFor, toLogin } from "./staff_api";
import { staffStyles } from "./staff_styles";

const ADMIN_SECTIONS = ["staff", "routing", "sla", "care", "canned", "mail", "quality", "shop", "integrations", "data", "audit"] as const;
type AdminSection = (typeof ADMIN_SECTIONS)[number];

function sectionFromHash(hash: string): AdminSection {
  const wanted = hash.replace(/^#/, "");
  return (ADMIN_SECTIONS as readonly string[]).includes(wanted) ? (wanted as AdminSection) : "staff";
}

/**
 * The admin console's shell (admin.html): for admins only. Anyone else is sent on before the
 * shell shows: agents to the console, supervisors to the supervisor screen.
 */
@customElement("kefu-admin")
export class KefuAdmin extends LitElement {
  static override styles = [staffStyles];

  @state() private user: User | null = null;
  /** The section shown; the address's hash keeps it across reloads (#routing). */
  @state() private section: AdminSection = sectionFromHash(location.hash);
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

  private show(section: AdminSection): void {
    this.section = section;
    history.replaceState(null, "", `#${section}`);
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
      <nav class="admin-tabs" style="display: flex; gap: 6px; padding: 8px 16px 0" aria-label=${t("admin.title")}>
        ${ADMIN_SECTIONS.map(
          (s) =>
            html`<button
              class=${s === this.section ? "primary" : ""}
              aria-current=${s === this.section ? "page" : "false"}
              data-section=${s}
              @click=${() => this.show(s)}
            >
              ${t(`admin.tab.${s}`)}
            </button>`,
        )}
      </nav>
      <main style="padding: 16px">
        ${this.renderSection()}
      </main>
    `;
  }

  private renderSection() {
    if (!this.user) return nothing;
    switch (this.section) {
      case "staff":
        return html`<kefu-admin-staff .i18n=${this.i18n} .self=${this.user.id}></kefu-admin-staff>`;
      case "routing":
        return html`<kefu-admin-routing .i18n=${this.i18n}></kefu-admin-routing>`;
      case "sla":
        return html`<kefu-admin-sla .i18n=${this.i18n}></kefu-admin-sla>`;
      case "care":
        return html`<kefu-admin-rules .i18n=${this.i18n}></kefu-admin-rules>`;
      case "canned":
        return html`<kefu-admin-canned .i18n=${this.i18n}></kefu-admin-canned>
          <kefu-admin-tags .i18n=${this.i18n}></kefu-admin-tags>`;
      case "mail":
        return html`<kefu-admin-mailboxes .i18n=${this.i18n}></kefu-admin-mailboxes>`;
      case "shop":
        return html`<kefu-admin-shop .i18n=${this.i18n}></kefu-admin-shop>`;
      case "integrations":
        return html`<kefu-api-keys .i18n=${this.i18n}></kefu-api-keys>
          <kefu-webhooks .i18n=${this.i18n}></kefu-webhooks>`;
      case "quality":
        return html`<kefu-admin-quality .i18n=${this.i18n}></kefu-admin-quality>`;
      case "data":
        return html`<kefu-admin-data .i18n=${this.i18n}></kefu-admin-data>
          <kefu-admin-erasure .i18n=${this.i18n}></kefu-admin-erasure>`;
      case "audit":
        return html`<kefu-admin-audit .i18n=${this.i18n}></kefu-admin-audit>`;
    }
  }
}
