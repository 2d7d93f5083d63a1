import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n } from "../i18n/i18n";
import { requestJson } from "../net/http";
import type { ActiveAlert, AlertThresholds, AtRiskConversation } from "../protocol/types";
import { staffCardStyles, staffStyles } from "./staff_styles";

/**
 * Alerts on the live figures: the alerts now on (from the `kpi` frame), the thresholds a
 * supervisor sets (GET/PUT /api/alerts/thresholds) and the waiting chats at risk, soonest breach
 * first. The server checks the thresholds and logs each alert; this only shows and edits.
 */
@customElement("kefu-alerts")
export class KefuAlerts extends LitElement {
  static override styles = [
    staffStyles,
    staffCardStyles,
    css`
      :host { display: grid; gap: 20px; }
      .alerts-on { border: 2px solid var(--warn); background: #fdecea; color: var(--warn); border-radius: 10px; padding: 10px 14px; }
      .alerts-on ul { margin: 4px 0 0; padding-left: 18px; }
      form { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; }
      label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
      input { border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; width: 9em; }
      .table-wrap { overflow-x: auto; }
      td.late { color: var(--warn); font-weight: 600; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 20px; }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property() locale = "";
  @property({ attribute: false }) active: ActiveAlert[] = [];
  @property({ attribute: false }) atRisk: AtRiskConversation[] = [];
  /** Customers' names of open conversations, by id (from the kpi frame's conversations). */
  @property({ attribute: false }) customers: Map<number, string> = new Map();
  @property({ type: Number }) now = 0;
  @state() private thresholds: AlertThresholds | null = null;
  @state() private notice: string | null = null;
  @state() private problem: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    requestJson<AlertThresholds>("/api/alerts/thresholds")
      .then((t) => (this.thresholds = t))
      .catch(() => (this.problem = this.i18n.t("alerts.failed")));
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const value = (name: string): number | null => {
      const text = (form.elements.namedItem(name) as HTMLInputElement).value.trim();
      return text === "" ? null : Number(text);
    };
    const seconds = value("oldest_wait_s");
    const percent = value("service_level_pct");
    const body = {
      waiting: value("waiting"),
      oldest_wait_ms: seconds === null ? null : Math.round(seconds * 1000),
      service_level: percent === null ? null : percent / 100,
      breached: value("breached"),
    };
    try {
      this.thresholds = await requestJson<AlertThresholds>("/api/alerts/thresholds", { method: "PUT", body });
      this.problem = null;
      this.notice = this.i18n.t("alerts.saved");
    } catch {
      this.notice = null;
      this.problem = this.i18n.t("alerts.refused");
    }
  }

  private alertText(a: ActiveAlert): string {
    const t = this.i18n.t.bind(this.i18n);
    const n = (v: number) => this.i18n.number(v);
    switch (a.alert) {
      case "waiting":
        return t("alerts.on.waiting", { value: n(a.value), threshold: n(a.threshold) });
      case "oldest_wait_ms":
        return t("alerts.on.oldest", { value: this.i18n.duration(a.value / 1000), threshold: this.i18n.duration(a.threshold / 1000) });
      case "service_level":
        return t("alerts.on.serviceLevel", { value: `${n(Math.round(a.value * 1000) / 10)} %`, threshold: `${n(Math.round(a.threshold * 1000) / 10)} %` });
      default:
        return t("alerts.on.breached", { value: n(a.value), threshold: n(a.threshold) });
    }
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    const th = this.thresholds;
    const field = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
    return html`
      ${this.active.length > 0
        ? html`<div class="alerts-on" role="alert" lang=${this.locale}>
            <strong>${t("alerts.title")}</strong>
            <ul>${this.active.map((a) => html`<li data-alert=${a.alert}>${this.alertText(a)}</li>`)}</ul>
          </div>`
        : nothing}
      <div class="grid" lang=${this.locale}>
        <section class="card at-risk" aria-label=${t("alerts.atRisk")}>
          <h2>${t("alerts.atRisk")}</h2>
          ${this.atRisk.length === 0
            ? html`<p class="muted">${t("alerts.noneAtRisk")}</p>`
            : html`<div class="table-wrap"><table class="at-risk">
                <thead><tr><th>#</th><th>${t("figure.customer")}</th><th>${t("kpi.queue")}</th><th>${t("alerts.waited")}</th><th>${t("alerts.breachIn")}</th></tr></thead>
                <tbody>${this.atRisk.map((r) => {
                  const left = r.breach_at - this.now;
                  return html`<tr data-conversation=${r.conversation_id}>
                    <td class="n">${r.conversation_id}</td><td>${this.customers.get(r.conversation_id) ?? "—"}</td><td>${r.queue}</td>
                    <td class="n">${this.i18n.duration(Math.max(0, this.now - r.since) / 1000)}</td>
                    <td class="n ${left <= 0 ? "late" : ""}">${left <= 0 ? t("alerts.breachedAgo", { time: this.i18n.duration(-left / 1000) }) : this.i18n.duration(left / 1000)}</td>
                  </tr>`;
                })}</tbody></table></div>`}
        </section>
        <section class="card thresholds" aria-label=${t("alerts.thresholds")}>
          <h2>${t("alerts.thresholds")}</h2>
          <form novalidate @submit=${(e: Event) => this.save(e)}>
            <label>${t("alerts.field.waiting")}<input name="waiting" type="number" min="0" step="1" .value=${field(th?.waiting)} /></label>
            <label>${t("alerts.field.oldest")}<input name="oldest_wait_s" type="number" min="0" step="1"
              .value=${field(th?.oldest_wait_ms === null || th?.oldest_wait_ms === undefined ? null : th.oldest_wait_ms / 1000)} /></label>
            <label>${t("alerts.field.serviceLevel")}<input name="service_level_pct" type="number" min="0" max="100" step="1"
              .value=${field(th?.service_level === null || th?.service_level === undefined ? null : Math.round(th.service_level * 100))} /></label>
            <label>${t("alerts.field.breached")}<input name="breached" type="number" min="0" step="1" .value=${field(th?.breached)} /></label>
            <button class="primary" type="submit">${t("alerts.save")}</button>
          </form>
          <p class="muted">${t("alerts.hint")}</p>
          ${this.notice ? html`<p class="notice saved" role="status">${this.notice}</p>` : nothing}
          ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        </section>
      </div>
    `;
  }
}
