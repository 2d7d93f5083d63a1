import { LitElement, css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n } from "../i18n/i18n";
import { upcomingCare, type UpcomingCare } from "./care_api";
import { staffStyles } from "./staff_styles";

/**
 * The customer panel's upcoming care (docs/protocol.md, "Care tasks"): the care rules' jobs
 * waiting for this customer, earliest first, with when each falls due. Loaded when the customer
 * changes; a failure shows nothing (the rest of the panel stays usable).
 */
@customElement("kefu-upcoming-care")
export class KefuUpcomingCare extends LitElement {
  static override styles = [
    staffStyles,
    css`
      h3 { font-size: 13px; margin: 8px 0 4px; }
      ul { list-style: none; margin: 0; padding: 0; }
      li { font-size: 12px; padding: 2px 0; }
      .muted { color: var(--muted); }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property() locale = "";
  @property({ type: Number }) customerId = 0;
  @state() private jobs: UpcomingCare[] | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("customerId")) void this.load();
  }

  async load(): Promise<void> {
    const id = this.customerId;
    this.jobs = null;
    if (!id) return;
    try {
      const jobs = await upcomingCare(id);
      if (id === this.customerId) this.jobs = jobs;
    } catch {
      this.jobs = null;
    }
  }

  override render() {
    if (this.jobs === null) return nothing;
    const t = this.i18n.t.bind(this.i18n);
    return html`<section class="upcoming-care">
      <h3>${t("care.upcoming")}</h3>
      ${this.jobs.length === 0 ? html`<p class="muted">${t("care.upcomingNone")}</p>` : nothing}
      <ul>
        ${this.jobs.map(
          (job) => html`<li data-care-job=${job.id}>${job.rule_name} · ${t("care.dueAt", { time: this.i18n.dateTime(job.due_at) })}</li>`,
        )}
      </ul>
    </section>`;
  }
}
