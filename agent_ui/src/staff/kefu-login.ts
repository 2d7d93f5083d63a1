import { LitElement, html, css, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { I18n } from "../i18n/i18n";
import { HttpError } from "../net/http";
import { currentUser, homeFor, login } from "./staff_api";
import { staffStyles } from "./staff_styles";

/** The login form: POST /api/login, then on to the console or the supervisor screen by role. */
@customElement("kefu-login")
export class KefuLogin extends LitElement {
  static override styles = [
    staffStyles,
    css`
      :host { min-height: 100vh; display: grid; place-items: center; background: var(--soft); }
      form {
        width: min(360px, 92vw);
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

  @state() private busy = false;
  @state() private problem: string | null = null;
  private readonly i18n = I18n.forBrowser();

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    // Already signed in: go straight on.
    currentUser()
      .then((user) => user && location.replace(this.next(homeFor(user))))
      .catch(() => {});
  }

  private next(fallback: string): string {
    const next = new URLSearchParams(location.search).get("next");
    // Only same-site paths, never another origin.
    return next && /^\/[a-z]/.test(next) ? next : fallback;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.busy = true;
    this.problem = null;
    try {
      const user = await login(String(data.get("login") ?? ""), String(data.get("password") ?? ""));
      location.assign(this.next(homeFor(user)));
    } catch (error) {
      if (error instanceof HttpError && error.status === 429) {
        this.problem = this.i18n.t("login.throttled", { seconds: error.retryAfterSeconds ?? 60 });
      } else if (error instanceof HttpError && error.status === 401) {
        this.problem = this.i18n.t("login.wrong");
      } else {
        this.problem = this.i18n.t("login.failed");
      }
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    return html`
      <form @submit=${this.submit} lang=${this.i18n.locale}>
        <div class="row">
          <h1>${t("login.title")}</h1>
          <button type="button" @click=${() => this.i18n.toggle()}>${t("lang.switch")}</button>
        </div>
        <label>${t("login.login")}<input name="login" autocomplete="username" required autofocus /></label>
        <label
          >${t("login.password")}<input name="password" type="password" autocomplete="current-password" required
        /></label>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        <button class="primary" type="submit" ?disabled=${this.busy}>${t("login.submit")}</button>
      </form>
    `;
  }
}
