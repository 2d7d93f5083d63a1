import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { apiKeyText, type ApiKeyTextKey } from "../i18n/catalog_api_keys";
import { I18n } from "../i18n/i18n";
import { HttpError, requestJson } from "../net/http";
import { staffStyles } from "./staff_styles";

/** A key as GET /api/admin/api-keys lists it (docs/protocol.md, "API keys"): never the key. */
export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  rate_per_minute: number;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** Every scope an admin may give a key, in the order the form shows them. */
export const API_SCOPES = [
  "events:read",
  "reports:read",
  "customers:read",
  "conversations:read",
  "tickets:write",
  "orders:write",
  "webhooks:manage",
] as const;

/** The typed refusals of POST /api/admin/api-keys that have their own text. */
const KNOWN_REFUSALS = new Set(["bad_name", "no_scopes", "unknown_scope", "duplicate_scope", "bad_rate"]);

/**
 * The admins' API keys section: the list (prefix, scopes, last use, revoked), a form to create
 * one (name, scope checkboxes, rate) whose answer shows the key once with a copy button, and
 * revoking with an inline confirmation. Texts are text: nothing is rendered as HTML.
 */
@customElement("kefu-api-keys")
export class KefuApiKeys extends LitElement {
  static override styles = [
    staffStyles,
    css`
      :host { display: block; }
      section { display: grid; gap: 12px; max-width: 900px; }
      h2 { font-size: 15px; margin: 0; }
      form { display: grid; gap: 10px; border: 1px solid var(--line); border-radius: 10px; padding: 12px; }
      label { display: grid; gap: 4px; font-size: 12px; color: var(--muted); }
      fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 10px; }
      fieldset label { display: flex; gap: 4px; align-items: center; color: var(--ink); font-size: 13px; }
      input[type="text"], input[type="number"] { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
      table { border-collapse: collapse; width: 100%; font-size: 13px; }
      th, td { text-align: left; padding: 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
      tr.revoked td { color: var(--muted); text-decoration: line-through; }
      tr.revoked td.state { text-decoration: none; }
      .secret { display: grid; gap: 6px; border: 2px solid var(--accent); border-radius: 10px; padding: 12px; }
      .secret code { font-size: 14px; word-break: break-all; user-select: all; }
      .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    `,
  ];

  @state() private keys: ApiKeyInfo[] = [];
  @state() private shownKey: string | null = null;
  @state() private copied = false;
  @state() private confirming: number | null = null;
  @state() private problem: string | null = null;
  @state() private busy = false;
  /** The shell's texts, so its language switch applies here too. */
  @property({ attribute: false }) i18n: I18n = I18n.forBrowser();

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    void this.load();
  }

  private t(key: ApiKeyTextKey, values: Record<string, string | number> = {}): string {
    return apiKeyText(this.i18n.locale, key, values);
  }

  private async load(): Promise<void> {
    const answer = await requestJson<{ api_keys: ApiKeyInfo[] }>("/api/admin/api-keys");
    this.keys = answer.api_keys;
  }

  private refusal(error: unknown): string {
    const code = error instanceof HttpError ? error.code : "network";
    return KNOWN_REFUSALS.has(code) ? this.t(`keys.error.${code}` as ApiKeyTextKey) : this.t("keys.error.other", { code });
  }

  private async onCreate(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const scopes = data.getAll("scope").map(String);
    const rate = Number(data.get("rate"));
    this.busy = true;
    this.problem = null;
    try {
      const made = await requestJson<ApiKeyInfo & { key: string }>("/api/admin/api-keys", {
        body: { name: String(data.get("name") ?? ""), scopes, rate_per_minute: rate },
      });
      this.shownKey = made.key;
      this.copied = false;
      form.reset();
      await this.load();
    } catch (error) {
      this.problem = this.refusal(error);
    } finally {
      this.busy = false;
    }
  }

  private async copy(): Promise<void> {
    if (!this.shownKey) return;
    try {
      await navigator.clipboard.writeText(this.shownKey);
      this.copied = true;
    } catch {
      this.copied = false;
    }
  }

  private async revoke(id: number): Promise<void> {
    this.busy = true;
    this.problem = null;
    try {
      await requestJson<ApiKeyInfo>(`/api/admin/api-keys/${id}`, { method: "DELETE" });
      this.confirming = null;
      await this.load();
    } catch (error) {
      this.problem = this.refusal(error);
    } finally {
      this.busy = false;
    }
  }

  private when(at: number | null): string {
    return at === null ? this.t("keys.never") : this.i18n.dateTime(at);
  }

  override render() {
    const lang = this.i18n.locale;
    return html`<section lang=${lang} aria-labelledby="keys-title">
      <h2 id="keys-title">${this.t("keys.title")}</h2>
      <p class="muted">${this.t("keys.intro")}</p>
      ${this.shownKey
        ? html`<div class="secret new-key" role="status">
            <strong>${this.t("keys.created")}</strong>
            <code class="key">${this.shownKey}</code>
            <div class="row">
              <button class="primary copy" type="button" @click=${() => this.copy()}>${this.t("keys.copy")}</button>
              ${this.copied ? html`<span class="ok">${this.t("keys.copied")}</span>` : nothing}
              <button class="done" type="button" @click=${() => (this.shownKey = null)}>${this.t("keys.done")}</button>
            </div>
          </div>`
        : nothing}
      <form class="create" @submit=${(e: Event) => this.onCreate(e)} novalidate>
        <label>${this.t("keys.name")}<input type="text" name="name" maxlength="100" required /></label>
        <fieldset>
          <legend>${this.t("keys.scopes")}</legend>
          ${API_SCOPES.map((s) => html`<label><input type="checkbox" name="scope" value=${s} />${s}</label>`)}
        </fieldset>
        <label>${this.t("keys.rate")}<input type="number" name="rate" min="1" max="10000" value="120" /></label>
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>${this.t("keys.create")}</button>
          ${this.problem ? html`<span class="error problem" role="alert">${this.problem}</span>` : nothing}
        </div>
      </form>
      ${this.keys.length === 0
        ? html`<p class="muted none">${this.t("keys.none")}</p>`
        : html`<table class="keys">
            <thead><tr>
              <th>${this.t("keys.name")}</th><th>${this.t("keys.prefix")}</th><th>${this.t("keys.scopes")}</th>
              <th>${this.t("keys.rate")}</th><th>${this.t("keys.createdAt")}</th><th>${this.t("keys.lastUsed")}</th><th></th>
            </tr></thead>
            <tbody>${this.keys.map((k) => this.row(k))}</tbody>
          </table>`}
    </section>`;
  }

  private row(k: ApiKeyInfo) {
    const revoked = k.revoked_at !== null;
    return html`<tr class=${revoked ? "revoked" : "live"} data-key-id=${k.id}>
      <td class="name">${k.name}</td>
      <td><code>${k.prefix}…</code></td>
      <td>${k.scopes.join(", ")}</td>
      <td>${k.rate_per_minute}</td>
      <td>${this.when(k.created_at)}</td>
      <td>${this.when(k.last_used_at)}</td>
      <td class="state">
        ${revoked
          ? this.t("keys.revoked", { at: this.when(k.revoked_at) })
          : this.confirming === k.id
            ? html`<span role="alert">${this.t("keys.confirmRevoke", { name: k.name })}</span>
                <button class="confirm-revoke" ?disabled=${this.busy} @click=${() => this.revoke(k.id)}>${this.t("keys.yesRevoke")}</button>
                <button class="cancel" @click=${() => (this.confirming = null)}>${this.t("keys.cancel")}</button>`
            : html`<button class="revoke" @click=${() => (this.confirming = k.id)}>${this.t("keys.revoke")}</button>`}
      </td>
    </tr>`;
  }
}
