import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { I18n } from "../i18n/i18n";
import { HttpError } from "../net/http";
import { acceptInvitation, completeSetup, readInvitation, type LinkInfo } from "./admin_api";
import { staffStyles } from "./staff_styles";

/** Takes the one-time token out of the address bar (and so out of history) and returns it. */
function takeToken(): string {
  const url = new URL(location.href);
  const token = url.searchParams.get("token") ?? "";
  url.searchParams.delete("token");
  history.replaceState(null, "", url.pathname + url.search);
  return token;
}

/**
 * Choosing a password through a one-time link: `mode="setup"` (setup.html) makes the first
 * admin with a login and name; `mode="invitation"` (invitation.html) sets the password of an
 * invited member or after a reset. Both end on the sign-in page.
 */
@customElement("kefu-account-setup")
export class KefuAccountSetup extends LitElement {
  static override styles = [
    staffStyles,
    css`
      :host { min-height: 100vh; display: grid; place-items: center; background: var(--soft); }
      form, .card {
        width: min(420px, 92vw);
        background: var(--paper);
        border: 1px solid var(--line);
        border-radius: 12px;
        padding: 28px;
        display: flex;
        flex-direction: column;
        gap: 14px;
      }
      h1 { margin: 0 0 6px; font-size: 20px; }
      label { display: flex; flex-direction: column; gap: 4px; }
      input { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
      .row { display: flex; justify-content: space-between; align-items: center; }
    `,
  ];

  @property() mode: "setup" | "invitation" = "setup";
  @state() private info: LinkInfo | null = null;
  @state() private invalid = false;
  @state() private done = false;
  @state() private busy = false;
  @state() private problem: string | null = null;
  private readonly i18n = I18n.forBrowser();
  private readonly token = takeToken();

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    if (!this.token) {
      this.invalid = true;
    } else if (this.mode === "invitation") {
      readInvitation(this.token)
        .then((info) => (this.info = info))
        .catch(() => (this.invalid = true));
    }
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "");
    if (text("password") !== text("confirm")) {
      this.problem = this.i18n.t("account.mismatch");
      return;
    }
    this.busy = true;
    this.problem = null;
    try {
      if (this.mode === "setup") {
        await completeSetup(this.token, text("login").trim(), text("name").trim(), text("password"));
      } else {
        await acceptInvitation(this.token, text("password"));
      }
      this.done = true;
    } catch (error) {
      if (error instanceof HttpError && error.code === "invalid_link") {
        this.invalid = true;
      } else if (error instanceof HttpError && error.code === "weak_password") {
        this.problem = this.i18n.t("account.weak");
      } else if (error instanceof HttpError && error.status === 400) {
        this.problem = this.i18n.t(`admin.error.${error.code === "bad_login" || error.code === "bad_name" ? error.code : "bad_request"}`);
      } else {
        this.problem = this.i18n.t("login.failed");
      }
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    const setup = this.mode === "setup";
    const title = setup ? t("setup.title") : t("invitation.title");
    const header = html`<div class="row">
      <h1>${title}</h1>
      <button type="button" @click=${() => this.i18n.toggle()}>${t("lang.switch")}</button>
    </div>`;
    if (this.invalid || this.done) {
      return html`<div class="card" lang=${this.i18n.locale}>
        ${header}
        <p role=${this.invalid ? "alert" : "status"}>
          ${this.invalid ? t("account.invalidLink") : setup ? t("setup.done") : t("invitation.done")}
        </p>
        <a href="/login">${t("account.toLogin")}</a>
      </div>`;
    }
    if (!setup && !this.info) {
      return html`<div class="card" lang=${this.i18n.locale}>${header}<p>${t("invitation.loading")}</p></div>`;
    }
    const intro = setup
      ? t("setup.intro")
      : t(this.info!.purpose === "password_reset" ? "invitation.resetIntro" : "invitation.intro", {
          name: this.info!.name,
          login: this.info!.login,
        });
    return html`
      <form @submit=${this.submit} lang=${this.i18n.locale}>
        ${header}
        <p>${intro}</p>
        ${setup
          ? html`<label>${t("admin.field.login")}<input name="login" autocomplete="username" required autofocus /></label>
              <label>${t("admin.field.name")}<input name="name" autocomplete="name" required /></label>`
          : html`<input type="hidden" name="login" autocomplete="username" .value=${this.info!.login} />`}
        <label
          >${t("account.password")}<input name="password" type="password" autocomplete="new-password" minlength="12" required
        /></label>
        <label
          >${t("account.confirm")}<input name="confirm" type="password" autocomplete="new-password" minlength="12" required
        /></label>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${setup ? t("setup.submit") : t("invitation.submit")}
        </button>
      </form>
    `;
  }
}
