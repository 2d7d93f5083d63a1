import { html, css, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { MessageKey } from "../i18n/i18n";
import { AdminPanel } from "./admin_panel";
import {
  parseOrigins,
  parseOverlapHours,
  readShop,
  rotateSecret,
  saveOrigins,
  sendTestOrder,
  SECRET_KINDS,
  type RotatedSecret,
  type SecretKind,
  type ShopIntegration,
  type TestOrderResult,
} from "./shop_api";
import { staffStyles } from "./staff_styles";

/** The typed refusals with a text of their own. */
const KNOWN_REFUSALS = new Set(["bad_overlap", "bad_origin", "duplicate_origin", "too_many_origins"]);

/**
 * The admin console's Integration tab: the shop's two secrets (rotated with an overlap, the new
 * one shown once with a copy button), its allowed origins, the embed snippet with a copy
 * button, a live preview of the widget (widget-preview.html in a frame) and "send a test
 * order". Every value is rendered as text; the server checks everything again.
 */
@customElement("kefu-admin-shop")
export class KefuAdminShop extends AdminPanel {
  static override styles = [
    staffStyles,
    css`
      :host { display: block; }
      section { display: grid; gap: 10px; max-width: 900px; margin-bottom: 20px; }
      h2 { font-size: 15px; margin: 0; }
      .card { border: 1px solid var(--line); border-radius: 10px; padding: 12px; display: grid; gap: 8px; background: var(--paper); }
      .row { display: flex; gap: 8px; align-items: end; flex-wrap: wrap; }
      label { display: grid; gap: 4px; font-size: 12px; color: var(--muted); }
      input, textarea { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; font: inherit; }
      textarea { width: 100%; min-height: 6em; box-sizing: border-box; }
      .secret { border: 2px solid var(--accent); border-radius: 10px; padding: 12px; display: grid; gap: 6px; }
      code, pre { word-break: break-all; white-space: pre-wrap; user-select: all; }
      pre.snippet { margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 6px; }
      iframe.preview { width: 100%; height: 560px; border: 1px solid var(--line); border-radius: 10px; }
      .muted { color: var(--muted); }
    `,
  ];

  @state() private shop: ShopIntegration | null = null;
  @state() private shown: RotatedSecret | null = null;
  @state() private copied: "secret" | "snippet" | null = null;
  @state() private notice: string | null = null;
  @state() private testResult: TestOrderResult | null = null;

  protected override async load(): Promise<void> {
    try {
      this.shop = await readShop();
    } catch {
      this.problem = this.t("shop.loadFailed");
    }
  }

  protected override explain(code: string): string {
    return KNOWN_REFUSALS.has(code) ? this.t(`shop.error.${code}` as MessageKey) : this.t("shop.error.other", { code });
  }

  // A change here reads what it needs itself (the answer carries it) and clears the last notice.
  private change(work: () => Promise<void>): void {
    this.notice = null;
    void this.run(work, { reload: false });
  }

  private rotate(event: SubmitEvent, kind: SecretKind): void {
    event.preventDefault();
    const hours = parseOverlapHours(String(new FormData(event.target as HTMLFormElement).get("overlap") ?? ""));
    if (hours === undefined) {
      this.problem = this.t("shop.error.bad_overlap");
      return;
    }
    this.change(async () => {
      this.shown = await rotateSecret(kind, hours);
      this.copied = null;
      await this.load();
    });
  }

  private saveOrigins(event: SubmitEvent): void {
    event.preventDefault();
    const text = String(new FormData(event.target as HTMLFormElement).get("origins") ?? "");
    this.change(async () => {
      this.shop = await saveOrigins(parseOrigins(text));
      this.notice = this.t("shop.origins.saved");
    });
  }

  private testOrder(): void {
    this.change(async () => {
      this.testResult = await sendTestOrder();
    });
  }

  private async copy(what: "secret" | "snippet", text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.copied = what;
    } catch {
      this.copied = null;
    }
  }

  override render() {
    const shop = this.shop;
    return html`<div lang=${this.i18n.locale}>
      <h2 style="font-size: 17px">${this.t("shop.title")}</h2>
      ${this.problem ? html`<p class="error problem" role="alert">${this.problem}</p>` : nothing}
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      ${shop ? html`${this.renderSecrets(shop)} ${this.renderOrigins(shop)} ${this.renderSnippet(shop)} ${this.renderTest()}` : nothing}
    </div>`;
  }

  private renderSecrets(shop: ShopIntegration) {
    return html`<section class="secrets" aria-labelledby="secrets-title">
      <h2 id="secrets-title">${this.t("shop.secrets.title")}</h2>
      <p class="muted">${this.t("shop.secrets.intro")}</p>
      ${this.shown
        ? html`<div class="secret new-secret" role="status">
            <strong>${this.t("shop.rotated", { name: this.t(`shop.secret.${this.shown.kind}`) })}</strong>
            <code class="key">${this.shown.secret}</code>
            <div class="row">
              <button class="primary copy-secret" type="button" @click=${() => this.copy("secret", this.shown?.secret ?? "")}>
                ${this.t("shop.copy")}
              </button>
              ${this.copied === "secret" ? html`<span class="ok">${this.t("shop.copied")}</span>` : nothing}
              <button class="done" type="button" @click=${() => (this.shown = null)}>${this.t("shop.done")}</button>
            </div>
          </div>`
        : nothing}
      ${SECRET_KINDS.map((kind) => {
        const s = shop[kind];
        return html`<form class="card secret-${kind}" data-kind=${kind} @submit=${(e: SubmitEvent) => this.rotate(e, kind)}>
          <strong>${this.t(`shop.secret.${kind}`)}</strong>
          <span class="state">
            ${s.configured && s.rotated_at !== null ? this.t("shop.secret.set", { at: this.i18n.dateTime(s.rotated_at) }) : this.t("shop.secret.none")}
            ${s.previous_until !== null ? this.t("shop.secret.overlap", { at: this.i18n.dateTime(s.previous_until) }) : ""}
            ${s.from_flag ? this.t("shop.secret.flag") : ""}
          </span>
          <div class="row">
            <label>${this.t("shop.overlap")}<input name="overlap" inputmode="decimal" value="24" /></label>
            <button class="primary rotate" type="submit" ?disabled=${this.busy}>${this.t("shop.rotate")}</button>
          </div>
        </form>`;
      })}
    </section>`;
  }

  private renderOrigins(shop: ShopIntegration) {
    return html`<section class="origins" aria-labelledby="origins-title">
      <h2 id="origins-title">${this.t("shop.origins.title")}</h2>
      <p class="muted">${this.t("shop.origins.intro")}</p>
      <form class="card" @submit=${(e: SubmitEvent) => this.saveOrigins(e)}>
        <textarea name="origins" aria-labelledby="origins-title" .value=${shop.allowed_origins.join("\n")}></textarea>
        ${shop.flag_origins.length > 0
          ? html`<span class="muted flag-origins">${this.t("shop.origins.flag", { list: shop.flag_origins.join(", ") })}</span>`
          : nothing}
        <div class="row"><button class="primary save-origins" type="submit" ?disabled=${this.busy}>${this.t("admin.save")}</button></div>
      </form>
    </section>`;
  }

  private renderSnippet(shop: ShopIntegration) {
    return html`<section class="snippet-section" aria-labelledby="snippet-title">
        <h2 id="snippet-title">${this.t("shop.snippet.title")}</h2>
        <p class="muted">${this.t("shop.snippet.intro")}</p>
        <pre class="snippet">${shop.snippet}</pre>
        <div class="row">
          <button class="copy-snippet" type="button" @click=${() => this.copy("snippet", shop.snippet)}>${this.t("shop.copy")}</button>
          ${this.copied === "snippet" ? html`<span class="ok">${this.t("shop.copied")}</span>` : nothing}
        </div>
      </section>
      <section class="preview-section" aria-labelledby="preview-title">
        <h2 id="preview-title">${this.t("shop.preview.title")}</h2>
        <iframe class="preview" src=${shop.preview_url} title=${this.t("shop.preview.frame")}></iframe>
      </section>`;
  }

  private renderTest() {
    const r = this.testResult;
    return html`<section class="test-order" aria-labelledby="test-title">
      <h2 id="test-title">${this.t("shop.test.title")}</h2>
      <p class="muted">${this.t("shop.test.intro")}</p>
      <div class="row">
        <button class="primary send-test" type="button" ?disabled=${this.busy} @click=${() => this.testOrder()}>${this.t("shop.test.send")}</button>
      </div>
      ${r
        ? html`<p class=${r.accepted ? "test-result ok" : "test-result error"} role="status">
            ${r.accepted
              ? this.t("shop.test.accepted", { order: r.order_id ?? "", customer: r.customer_id ?? "" })
              : this.t("shop.test.refused", { status: r.status, error: r.error ?? "", message: r.message ?? "" })}
          </p>`
        : nothing}
    </section>`;
  }
}
