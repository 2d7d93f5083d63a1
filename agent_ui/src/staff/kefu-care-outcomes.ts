import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n } from "../i18n/i18n";
import { HttpError } from "../net/http";
import { careOutcomes, listCareTasks, percent, type CareTask, type OutcomeGroup, type RuleOutcome } from "./care_api";
import { staffStyles } from "./staff_styles";

/**
 * The supervisor's view of care rules' outcomes (docs/protocol.md, "Care outcomes"): for each
 * rule that did something in the last 90 days, its reach and the reply rate, repurchase rate
 * and CSAT of the customers it reached against those of its holdout, and the lift of its goal;
 * below, the care tasks agents closed lately with what they recorded.
 */
@customElement("kefu-care-outcomes")
export class KefuCareOutcomes extends LitElement {
  static override styles = [
    staffStyles,
    css`
      table { border-collapse: collapse; width: 100%; font-size: 13px; }
      th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); }
      .muted { color: var(--muted); }
      .error { color: var(--warn); }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property() locale = "";
  @state() private rules: RuleOutcome[] | null = null;
  @state() private problem: string | null = null;
  @state() private closed: CareTask[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.rules = (await careOutcomes(90)).filter((r) => r.reached.jobs + r.holdout.jobs > 0);
      this.closed = (await listCareTasks("all")).filter((task) => task.status !== "open").slice(0, 10);
      this.problem = null;
    } catch (error) {
      this.problem = this.i18n.t("care.outcomes.failed", { code: error instanceof HttpError ? error.code : "offline" });
    }
  }

  private pair(reached: OutcomeGroup, holdout: OutcomeGroup, rate: (g: OutcomeGroup) => number | null) {
    return `${percent(rate(reached))} / ${percent(rate(holdout))}`;
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    return html`<section class="care-outcomes" aria-label=${t("care.outcomes.title")}>
      <h2>${t("care.outcomes.title")}</h2>
      <button class="refresh" @click=${() => this.load()}>${t("care.outcomes.refresh")}</button>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.rules !== null && this.rules.length === 0 ? html`<p class="muted">${t("care.outcomes.none")}</p>` : nothing}
      ${this.rules && this.rules.length > 0
        ? html`<table>
            <thead>
              <tr>
                <th>${t("rules.col.name")}</th>
                <th>${t("care.outcomes.reach")}</th>
                <th>${t("care.outcomes.reply")}</th>
                <th>${t("care.outcomes.repurchase")}</th>
                <th>${t("care.outcomes.csat")}</th>
                <th>${t("care.outcomes.lift")}</th>
              </tr>
            </thead>
            <tbody>
              ${this.rules.map(
                (r) => html`<tr data-outcome-rule=${r.rule_id}>
                  <td>${r.name}</td>
                  <td class="reach">${t("care.outcomes.reachCount", { reached: r.reached.customers, held: r.holdout.customers })}</td>
                  <td>${this.pair(r.reached, r.holdout, (g) => g.reply_rate)}</td>
                  <td>${this.pair(r.reached, r.holdout, (g) => g.repurchase_rate)}</td>
                  <td>${this.pair(r.reached, r.holdout, (g) => g.csat)}</td>
                  <td class="lift">${r.lift === null ? "–" : `${r.lift >= 0 ? "+" : ""}${Math.round(r.lift * 100)} pt`}</td>
                </tr>`,
              )}
            </tbody>
          </table>
          <p class="muted">${t("care.outcomes.note")}</p>`
        : nothing}
      ${this.closed.length > 0
        ? html`<h3>${t("care.outcomes.closed")}</h3>
            <ul class="closed-tasks">
              ${this.closed.map(
                (task) => html`<li data-closed-task=${task.id}>
                  ${task.customer_name} · ${task.rule_name} · ${t(`rules.job.${task.status}` as "rules.job.done")}:
                  <span class="outcome">${task.outcome}</span>
                </li>`,
              )}
            </ul>`
        : nothing}
    </section>`;
  }
}
