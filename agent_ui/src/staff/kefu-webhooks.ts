import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { webhookText, type WebhookTextKey } from "../i18n/catalog_webhooks";
import { I18n } from "../i18n/i18n";
import { HttpError, requestJson } from "../net/http";
import { staffStyles } from "./staff_styles";

/** A subscription as GET /api/webhooks lists it (docs/webhooks.md): never the secret. */
export interface WebhookInfo {
  id: number;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: number | null;
  created_at: number;
}

/** One delivery of the log (GET /api/webhooks/{id}/deliveries). */
export interface DeliveryInfo {
  id: number;
  webhook_id: string;
  event_type: string;
  state: string;
  attempts: number;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string;
}

/** Every event type a subscription may ask for, in the order the form shows them. */
export const WEBHOOK_EVENT_TYPES = [
  "conversation.created",
  "conversation.assigned",
  "conversation.resolved",
  "message.created",
  "rating.given",
  "customer.merged",
  "customer.erased",
  "sla.breached",
  "care.action",
] as const;

const KNOWN_REFUSALS = new Set(["bad_url", "forbidden_address", "no_event_types"]);

/**
 * The admins' webhooks section: the subscriptions (URL, events, state), a form to add one whose
 * answer shows the signing secret once, and per subscription: enable/disable, a test event, a
 * new secret, removal and its delivery log with a replay button. Texts are text: nothing is
 * rendered as HTML.
 */
@customElement("kefu-webhooks")
export class KefuWebhooks extends LitElement {
  static override styles = [
    staffStyles,
    css`
      :host { display: block; margin-top: 24px; }
      section { display: grid; gap: 12px; max-width: 900px; }
      h2 { font-size: 15px; margin: 0; }
      form { display: grid; gap: 10px; border: 1px solid var(--line); border-radius: 10px; padding: 12px; }
      label { display: grid; gap: 4px; font-size: 12px; color: var(--muted); }
      fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 10px; }
      fieldset label { display: flex; gap: 4px; align-items: center; color: var(--ink); font-size: 13px; }
      input[type="text"], input[type="url"] { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
      table { border-collapse: collapse; width: 100%; font-size: 13px; }
      th, td { text-align: left; padding: 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
      .secret { display: grid; gap: 6px; border: 2px solid var(--accent); border-radius: 10px; padding: 12px; }
      .secret code { font-size: 14px; word-break: break-all; user-select: all; }
      .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
      .url { word-break: break-all; }
    `,
  ];

  /** The shell's texts, so its language switch applies here too. */
  @property({ attribute: false }) i18n: I18n = I18n.forBrowser();
  @state() private hooks: WebhookInfo[] = [];
  @state() private secret: string | null = null;
  @state() private problem: string | null = null;
  @state() private busy = false;
  @state() private logOf: number | null = null;
  @state() private log: DeliveryInfo[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    void this.load();
  }

  private t(key: WebhookTextKey, values: Record<string, string | number> = {}): string {
    return webhookText(this.i18n.locale, key, values);
  }

  private async load(): Promise<void> {
    const answer = await requestJson<{ webhooks: WebhookInfo[] }>("/api/webhooks");
    this.hooks = answer.webhooks;
    if (this.logOf !== null) await this.loadLog(this.logOf);
  }

  private async loadLog(id: number): Promise<void> {
    const answer = await requestJson<{ deliveries: DeliveryInfo[] }>(`/api/webhooks/${id}/deliveries`);
    this.logOf = id;
    this.log = answer.deliveries;
  }

  private refusal(error: unknown): string {
    const code = error instanceof HttpError ? error.code : "network";
    return KNOWN_REFUSALS.has(code) ? this.t(`hooks.error.${code}` as WebhookTextKey) : this.t("hooks.error.other", { code });
  }

  /** Runs one change, then reloads; a refusal shows its text. */
  private async act(change: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.problem = null;
    try {
      await change();
      await this.load();
    } catch (error) {
      this.problem = this.refusal(error);
    } finally {
      this.busy = false;
    }
  }

  private async onCreate(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const body: Record<string, unknown> = {
      url: String(data.get("url") ?? ""),
      event_types: data.getAll("type").map(String),
    };
    const description = String(data.get("description") ?? "");
    if (description) body.description = description;
    await this.act(async () => {
      const made = await requestJson<WebhookInfo & { secret: string }>("/api/webhooks", { body });
      this.secret = made.secret;
      form.reset();
    });
  }

  private when(at: number | null): string {
    return at === null ? this.t("hooks.never") : this.i18n.dateTime(at);
  }

  override render() {
    return html`<section lang=${this.i18n.locale} aria-labelledby="hooks-title">
      <h2 id="hooks-title">${this.t("hooks.title")}</h2>
      <p class="muted">${this.t("hooks.intro")}</p>
      ${this.secret
        ? html`<div class="secret new-secret" role="status">
            <strong>${this.t("hooks.secret")}</strong>
            <code class="signing-secret">${this.secret}</code>
            <div class="row"><button class="done" type="button" @click=${() => (this.secret = null)}>${this.t("hooks.done")}</button></div>
          </div>`
        : nothing}
      <form class="create-hook" @submit=${(e: Event) => this.onCreate(e)} novalidate>
        <label>${this.t("hooks.url")}<input type="url" name="url" maxlength="2000" required /></label>
        <label>${this.t("hooks.description")}<input type="text" name="description" maxlength="200" /></label>
        <fieldset>
          <legend>${this.t("hooks.types")}</legend>
          ${WEBHOOK_EVENT_TYPES.map((type) => html`<label><input type="checkbox" name="type" value=${type} />${type}</label>`)}
        </fieldset>
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>${this.t("hooks.create")}</button>
          ${this.problem ? html`<span class="error problem" role="alert">${this.problem}</span>` : nothing}
        </div>
      </form>
      ${this.hooks.length === 0
        ? html`<p class="muted none">${this.t("hooks.none")}</p>`
        : html`<table class="hooks">
            <thead><tr><th>${this.t("hooks.url")}</th><th>${this.t("hooks.types")}</th><th>${this.t("hooks.state")}</th><th></th></tr></thead>
            <tbody>${this.hooks.map((h) => this.row(h))}</tbody>
          </table>`}
      ${this.logOf !== null ? this.deliveryLog() : nothing}
    </section>`;
  }

  private row(h: WebhookInfo) {
    return html`<tr data-hook-id=${h.id}>
      <td class="url">${h.url}${h.description ? html`<div class="muted">${h.description}</div>` : nothing}</td>
      <td>${h.event_types.join(", ")}</td>
      <td class="hook-state">${h.enabled ? this.t("hooks.enabled") : this.t("hooks.disabled", { reason: h.disabled_reason ?? "" })}</td>
      <td class="row">
        <button class="test" ?disabled=${this.busy || !h.enabled}
          @click=${() => this.act(() => requestJson(`/api/webhooks/${h.id}/test`, { method: "POST" }))}>${this.t("hooks.test")}</button>
        <button class="toggle" ?disabled=${this.busy}
          @click=${() => this.act(() => requestJson(`/api/webhooks/${h.id}`, { method: "PATCH", body: { enabled: !h.enabled } }))}>
          ${h.enabled ? this.t("hooks.disable") : this.t("hooks.enable")}</button>
        <button class="rotate" ?disabled=${this.busy}
          @click=${() => this.act(async () => {
            const rotated = await requestJson<{ secret: string }>(`/api/webhooks/${h.id}/rotate-secret`, { method: "POST" });
            this.secret = rotated.secret;
          })}>${this.t("hooks.rotate")}</button>
        <button class="show-log" @click=${() => (this.logOf === h.id ? (this.logOf = null) : void this.loadLog(h.id))}>
          ${this.logOf === h.id ? this.t("hooks.hideLog") : this.t("hooks.log")}</button>
        <button class="remove" ?disabled=${this.busy}
          @click=${() => this.act(async () => {
            await requestJson(`/api/webhooks/${h.id}`, { method: "DELETE" });
            if (this.logOf === h.id) this.logOf = null;
          })}>${this.t("hooks.remove")}</button>
      </td>
    </tr>`;
  }

  private deliveryLog() {
    return html`<div class="delivery-log">
      <div class="row"><h2>${this.t("hooks.log")}</h2>
        <button class="refresh-log" @click=${() => this.logOf !== null && void this.loadLog(this.logOf)}>↻</button></div>
      ${this.log.length === 0
        ? html`<p class="muted">${this.t("hooks.noDeliveries")}</p>`
        : html`<table class="deliveries">
            <thead><tr><th>${this.t("hooks.types")}</th><th>webhook-id</th><th>${this.t("hooks.state")}</th>
              <th>${this.t("hooks.status")}</th><th>${this.t("hooks.attempts")}</th><th>${this.t("hooks.at")}</th><th></th></tr></thead>
            <tbody>${this.log.map(
              (d) => html`<tr data-delivery-id=${d.id}>
                <td>${d.event_type}</td><td><code>${d.webhook_id}</code></td><td class="delivery-state">${d.state}</td>
                <td class="delivery-status">${d.last_status ?? d.last_error}</td><td class="delivery-attempts">${d.attempts}</td>
                <td>${this.when(d.last_attempt_at)}</td>
                <td><button class="replay" ?disabled=${this.busy || d.state === "pending"}
                  @click=${() => this.act(() => requestJson(`/api/webhooks/deliveries/${d.id}/replay`, { method: "POST" }))}>${this.t("hooks.replay")}</button></td>
              </tr>`,
            )}</tbody>
          </table>`}
    </div>`;
  }
}
