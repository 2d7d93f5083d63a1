import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n, MessageKey } from "../i18n/i18n";
import { requestJson } from "../net/http";
import { staffCardStyles, staffStyles } from "./staff_styles";

/** Which figure to open: a KPI's JSON name, the range (none for live figures) and the group. */
export interface FigureRequest {
  figure: string;
  from?: number;
  to?: number;
  /** "total", "queue", "team", "channel" or "agent" and its key (queue name, agent id). */
  dimension: string;
  key: string;
  /** How the screen names the group (a queue's name, an agent's name). */
  groupLabel?: string;
}

/** One row of GET /api/reports/figure. */
interface FigureRow {
  conversation_id: number;
  at: number;
  agent: string | null;
  customer: string;
  queue: string;
  channel: string;
  value_ms: number | null;
  rating: number | null;
  counted: boolean;
  breach_at: number | null;
}

/** The answer of GET /api/reports/figure (docs/protocol.md, "KPI drill-down"). */
interface FigureAnswer {
  figure: string;
  count: number;
  counted: number;
  value: number | null;
  conversations: FigureRow[];
}

const RATIOS = new Set(["abandonment_rate", "service_level", "service_level_bh", "first_contact_resolution", "reopen_rate", "csat"]);

/** The URL of a figure's list. */
export function figureUrl(r: FigureRequest): string {
  const q = new URLSearchParams({ figure: r.figure });
  if (r.from !== undefined) q.set("from", String(r.from));
  if (r.to !== undefined) q.set("to", String(r.to));
  if (r.dimension !== "total") q.set(r.dimension, r.key);
  return `/api/reports/figure?${q.toString()}`;
}

/**
 * The conversations behind one KPI figure (drill-down): fetched from the server, which lists
 * exactly the terms the figure is computed from, so the count shown equals the figure's.
 */
@customElement("kefu-figure-list")
export class KefuFigureList extends LitElement {
  static override styles = [
    staffStyles,
    staffCardStyles,
    css`
      :host { display: block; }
      header { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
      header h2 { margin: 0; flex: 1; }
      .table-wrap { overflow-x: auto; max-height: 360px; overflow-y: auto; }
      td.no { color: var(--warn); font-weight: 600; }
      .muted { color: var(--muted); }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property({ attribute: false }) request: FigureRequest | null = null;
  @property() locale = "";
  @state() private answer: FigureAnswer | null = null;
  @state() private problem = false;
  private loaded = "";

  override updated(): void {
    const url = this.request ? figureUrl(this.request) : "";
    if (url === this.loaded) return;
    this.loaded = url;
    this.answer = null;
    this.problem = false;
    if (!url) return;
    requestJson<FigureAnswer>(url)
      .then((answer) => {
        if (this.loaded === url) this.answer = answer;
      })
      .catch(() => {
        if (this.loaded === url) this.problem = true;
      });
  }

  private figureName(figure: string): string {
    return this.i18n.t(`figure.name.${figure.replace(/_bh_ms$/, "_ms")}` as MessageKey);
  }

  private format(figure: string, value: number | null): string {
    if (value === null) return "—";
    if (RATIOS.has(figure)) return `${this.i18n.number(Math.round(value * 1000) / 10)} %`;
    if (figure.endsWith("_ms")) return this.i18n.duration(value / 1000);
    return this.i18n.number(value);
  }

  override render() {
    const r = this.request;
    if (!r) return nothing;
    const t = this.i18n.t.bind(this.i18n);
    const group = r.dimension === "total" ? t("figure.allCentre") : (r.groupLabel ?? r.key);
    const a = this.answer;
    const ratio = RATIOS.has(r.figure);
    const waiting = r.figure === "waiting" || r.figure === "oldest_wait_ms";
    return html`<section class="card figure-list" role="region" aria-label=${t("figure.title", { figure: this.figureName(r.figure), group })}
      data-figure=${r.figure} lang=${this.locale}>
      <header>
        <h2>${t("figure.title", { figure: this.figureName(r.figure), group })}</h2>
        <button class="close" @click=${() => this.dispatchEvent(new CustomEvent("close"))}>${t("figure.close")}</button>
      </header>
      ${this.problem ? html`<p class="error" role="alert">${t("figure.failed")}</p>` : nothing}
      ${!a && !this.problem ? html`<p class="muted">${t("figure.loading")}</p>` : nothing}
      ${a
        ? html`<p class="summary" data-count=${a.count} data-counted=${a.counted}>
              ${ratio
                ? t("figure.summary", { count: this.i18n.number(a.count), counted: this.i18n.number(a.counted), value: this.format(r.figure, a.value) })
                : t("figure.summaryPlain", { count: this.i18n.number(a.count), value: this.format(r.figure, a.value) })}
            </p>
            ${a.conversations.length === 0
              ? html`<p class="muted">${t("figure.none")}</p>`
              : html`<div class="table-wrap"><table class="figure-rows">
                  <thead><tr>
                    <th>${t("figure.conversation")}</th><th>${t("figure.customer")}</th><th>${t("kpi.queue")}</th>
                    <th>${t("kpi.agent")}</th><th>${t("figure.when")}</th>
                    <th>${r.figure === "csat" ? t("figure.rating") : t("figure.duration")}</th>
                    ${ratio ? html`<th>${t(`figure.counted.${r.figure}` as MessageKey)}</th>` : nothing}
                    ${waiting ? html`<th>${t("figure.breachAt")}</th>` : nothing}
                  </tr></thead>
                  <tbody>
                    ${a.conversations.map(
                      (row) => html`<tr data-conversation=${row.conversation_id} data-counted=${String(row.counted)}>
                        <td class="n">#${row.conversation_id}</td><td>${row.customer}</td><td>${row.queue}</td>
                        <td>${row.agent ?? "—"}</td><td>${this.i18n.dateTime(row.at)}</td>
                        <td class="n">${row.rating !== null ? this.i18n.number(row.rating) : row.value_ms !== null ? this.i18n.duration(row.value_ms / 1000) : "—"}</td>
                        ${ratio ? html`<td class=${row.counted ? "yes" : "no"}>${row.counted ? t("figure.yes") : t("figure.no")}</td>` : nothing}
                        ${waiting
                          ? html`<td class=${row.breach_at !== null && row.breach_at <= row.at + (row.value_ms ?? 0) ? "no breach" : "breach"}>
                              ${row.breach_at === null ? "—" : this.i18n.time(row.breach_at)}
                              ${row.breach_at !== null && row.breach_at <= row.at + (row.value_ms ?? 0) ? html` (${t("figure.breached")})` : nothing}</td>`
                          : nothing}
                      </tr>`,
                    )}
                  </tbody>
                </table></div>`}`
        : nothing}
    </section>`;
  }
}
