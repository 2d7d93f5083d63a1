import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { I18n } from "../i18n/i18n";
import { orderStatusLabel } from "../i18n/labels";
import { HttpError } from "../net/http";
import { closeCareTask, listCareTasks, orderTotal, type CareTask } from "./care_api";
import { staffStyles } from "./staff_styles";
import "./kefu-upcoming-care";

const REFRESH_MS = 5000;

/**
 * The agent's care tasks in the console (docs/protocol.md, "Care tasks"): the open outbound
 * tasks that care rules made for them, their team or anyone, each with the customer and the
 * order beside it and the customer's other upcoming care. The agent opens one, writes what
 * happened and closes it as done or skipped.
 * Refreshed every few seconds; every text is rendered as text.
 */
@customElement("kefu-care-tasks")
export class KefuCareTasks extends LitElement {
  static override styles = [
    staffStyles,
    css`
      section { border-top: 1px solid var(--line); padding: 8px 12px; }
      h2 { font-size: 14px; margin: 4px 0 6px; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
      li { border: 1px solid var(--line); border-radius: 8px; padding: 8px; background: var(--paper); }
      .text { white-space: pre-wrap; overflow-wrap: anywhere; }
      .meta { font-size: 12px; color: var(--muted); }
      .order { font-size: 12px; margin-top: 4px; }
      .order ul { gap: 0; margin-top: 2px; }
      .order li { border: 0; padding: 0; background: none; }
      textarea { width: 100%; min-height: 48px; margin: 6px 0; }
      .row { display: flex; gap: 6px; }
      .error { color: var(--warn); }
    `,
  ];

  @state() private tasks: CareTask[] = [];
  @state() private openId: number | null = null;
  @state() private problem: string | null = null;
  @state() private notice: string | null = null;
  private outcome = "";
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly i18n = I18n.forBrowser();

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    document.addEventListener("kefu-locale", this.onLocale);
    void this.load();
    this.timer = setInterval(() => void this.load(), REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("kefu-locale", this.onLocale);
    if (this.timer) clearInterval(this.timer);
  }

  private readonly onLocale = () => this.i18n.setLocale(I18n.forBrowser().locale);

  async load(): Promise<void> {
    try {
      this.tasks = await listCareTasks("open");
      this.problem = null;
    } catch (error) {
      this.problem = this.i18n.t("care.failed", { code: error instanceof HttpError ? error.code : "offline" });
    }
  }

  private async close(task: CareTask, status: "done" | "skipped"): Promise<void> {
    try {
      await closeCareTask(task.id, status, this.outcome);
      this.openId = null;
      this.outcome = "";
      this.notice = this.i18n.t("care.closed");
      await this.load();
    } catch (error) {
      this.problem = this.i18n.t("care.closeFailed", { code: error instanceof HttpError ? error.code : "offline" });
    }
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    return html`<section class="care" lang=${this.i18n.locale} aria-label=${t("care.title")}>
      <h2>${t("care.title")} (${this.tasks.length})</h2>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.notice ? html`<p class="meta" role="status">${this.notice}</p>` : nothing}
      ${this.tasks.length === 0 ? html`<p class="meta">${t("care.none")}</p>` : nothing}
      <ul>
        ${repeat(this.tasks, (task) => task.id, (task) => this.renderTask(task))}
      </ul>
    </section>`;
  }

  private renderTask(task: CareTask) {
    const t = this.i18n.t.bind(this.i18n);
    const open = this.openId === task.id;
    return html`<li data-care-task=${task.id}>
      <div class="text">${task.text}</div>
      <div class="meta">${t("care.forCustomer", { name: task.customer_name })} · ${this.i18n.dateTime(task.created_at)}</div>
      ${open
        ? html`<div class="meta">${t("care.rule", { name: task.rule_name })}</div>
            ${task.order
              ? html`<div class="order">
                  ${t("care.order", {
                    name: task.order.name,
                    total: orderTotal(task.order),
                    status: orderStatusLabel(this.i18n, task.order.financial_status, task.order.fulfillment_status),
                  })}
                  <ul>
                    ${task.order.items.map((line) => html`<li>${line.title} × ${line.quantity}</li>`)}
                  </ul>
                </div>`
              : nothing}
            <kefu-upcoming-care .i18n=${this.i18n} locale=${this.i18n.locale} .customerId=${task.customer_id}></kefu-upcoming-care>
            <label
              >${t("care.outcome")}
              <textarea
                maxlength="2000"
                .value=${this.outcome}
                @input=${(e: Event) => (this.outcome = (e.target as HTMLTextAreaElement).value)}
              ></textarea
            ></label>
            <div class="row">
              <button class="primary done" @click=${() => this.close(task, "done")}>${t("care.done")}</button>
              <button class="skip" @click=${() => this.close(task, "skipped")}>${t("care.skip")}</button>
            </div>`
        : html`<button class="open" @click=${() => {
            this.openId = task.id;
            this.outcome = "";
            this.notice = null;
          }}>${t("care.open")}</button>`}
    </li>`;
  }
}
