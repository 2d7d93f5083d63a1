import { LitElement, html, css, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { I18n } from "../i18n/i18n";
import type { User } from "../protocol/types";
import { currentUser, logoutAndLeave, toLogin } from "./staff_api";
import { staffStyles } from "./staff_styles";

/**
 * The supervisor screen's shell: checks the session, shows who is signed in, and holds the
 * region (`<slot name="kpi">` and the `#kpi-region` section) the KPI work fills in later.
 */
@customElement("kefu-supervisor")
export class KefuSupervisor extends LitElement {
  static override styles = [
    staffStyles,
    css`
      main { padding: 20px; }
      #kpi-region {
        min-height: 240px;
        border: 2px dashed var(--line);
        border-radius: 12px;
        display: grid;
        place-items: center;
        color: var(--muted);
      }
    `,
  ];

  @state() private user: User | null = null;
  private readonly i18n = I18n.forBrowser();

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    currentUser()
      .then((user) => (user ? (this.user = user) : toLogin()))
      .catch(() => toLogin());
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    if (!this.user) return nothing;
    return html`
      <div class="topbar" lang=${this.i18n.locale}>
        <span class="brand">${t("app.name")} · ${t("supervisor.title")}</span>
        <span class="spacer"></span>
        <span class="who">${this.user.name}</span>
        <button @click=${() => this.i18n.toggle()}>${t("lang.switch")}</button>
        <button @click=${() => logoutAndLeave()}>${t("logout")}</button>
      </div>
      <main>
        <section id="kpi-region" aria-label="KPI">
          <slot name="kpi">${t("supervisor.placeholder")}</slot>
        </section>
      </main>
    `;
  }
}
