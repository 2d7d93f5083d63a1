import { LitElement, html, css, nothing, svg } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n, MessageKey } from "../i18n/i18n";
import { requestJson } from "../net/http";
import { axisTicks } from "../state/kpi_board";
import { staffCardStyles, staffStyles } from "./staff_styles";

/** One group's figures in a bucket of GET /api/reports/series. */
type SeriesFigures = Record<string, number | null>;
interface SeriesBucket {
  from: number;
  to: number;
  total: SeriesFigures;
  queues: Record<string, SeriesFigures>;
  agents: Record<string, SeriesFigures>;
}
interface SeriesAnswer {
  step: "hour" | "day";
  buckets: SeriesBucket[];
}

/** What the chart can draw: counts as bars, a ratio or a duration as a line. */
const MEASURES = {
  volume: { unit: "chart.unitConversations", series: ["answered", "abandoned"] },
  service_level: { unit: "chart.unitPercent", series: ["service_level"] },
  first_response_time_ms: { unit: "chart.unitSeconds", series: ["first_response_time_ms"] },
  handle_time_ms: { unit: "chart.unitMinutes", series: ["handle_time_ms"] },
} as const;
type Measure = keyof typeof MEASURES;

const WIDTH = 640;
const HEIGHT = 200;
const LEFT = 44;
const BOTTOM = 24;
const TOP = 8;
const COLOURS: Record<string, string> = { answered: "#1f5f8b", abandoned: "#b3261e", service_level: "#3b8a3e", first_response_time_ms: "#8a5a00", handle_time_ms: "#6a3d9a" };

/**
 * A chart of the KPIs per hour (today) or per day (a range), for the whole centre, a queue or
 * an agent (GET /api/reports/series): value axis with ticks and unit, time axis, legend.
 */
@customElement("kefu-kpi-chart")
export class KefuKpiChart extends LitElement {
  static override styles = [
    staffStyles,
    staffCardStyles,
    css`
      .controls { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 8px; }
      .controls label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
      select { border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; max-width: 100%; }
      svg { width: 100%; height: auto; display: block; }
      svg text { font-size: 11px; fill: var(--muted); }
      .chart-legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12px; color: var(--muted); }
      .table-wrap { overflow-x: auto; margin-top: 10px; }
      th, td { white-space: nowrap; }
      .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property() locale = "";
  /** "hour" (per hour, today) or "day" (per day over a range). */
  @property() step: "hour" | "day" = "hour";
  @property({ type: Number }) from = 0;
  @property({ type: Number }) to = 0;
  /** Queue names and agents (id, name) to choose from. */
  @property({ attribute: false }) queues: string[] = [];
  @property({ attribute: false }) agents: { id: number; name: string }[] = [];
  /** Also list the buckets in a table (the history's rows per day). */
  @property({ type: Boolean }) table = false;
  @state() private answer: SeriesAnswer | null = null;
  @state() private group = "total";
  @state() private measure: Measure = "volume";
  @state() private problem = false;
  private loaded = "";

  override updated(): void {
    if (!this.from || !this.to || this.to <= this.from) return;
    const url = `/api/reports/series?from=${this.from}&to=${this.to}&step=${this.step}`;
    if (url === this.loaded) return;
    this.loaded = url;
    requestJson<SeriesAnswer>(url)
      .then((a) => {
        if (this.loaded === url) {
          this.answer = a;
          this.problem = false;
        }
      })
      .catch(() => {
        if (this.loaded === url) this.problem = true;
      });
  }

  /** Refetches (the live screen calls it now and then for today's chart). */
  refresh(to: number): void {
    this.to = to;
  }

  private figures(b: SeriesBucket): SeriesFigures {
    if (this.group === "total") return b.total;
    const [kind, key] = [this.group.slice(0, this.group.indexOf(":")), this.group.slice(this.group.indexOf(":") + 1)];
    return (kind === "queue" ? b.queues[key] : b.agents[key]) ?? {};
  }

  /** A figure in the chart's unit. */
  private scaled(name: string, v: number | null | undefined): number {
    if (typeof v !== "number") return 0;
    if (name === "service_level") return v * 100;
    if (name === "first_response_time_ms") return v / 1000;
    if (name === "handle_time_ms") return v / 60_000;
    return v;
  }

  private label(at: number): string {
    if (this.step === "hour") return this.i18n.time(at);
    const d = new Date(at);
    return `${d.getMonth() + 1}/${d.getDate()}`;
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    const buckets = this.answer?.buckets ?? [];
    const spec = MEASURES[this.measure];
    const values = spec.series.map((name) => buckets.map((b) => this.scaled(name, this.figures(b)[name])));
    const ticks = axisTicks(Math.max(1, ...values.flat()));
    const max = ticks[ticks.length - 1];
    const plotW = WIDTH - LEFT - 8;
    const plotH = HEIGHT - BOTTOM - TOP;
    const y = (v: number) => TOP + plotH - (v / max) * plotH;
    const slot = buckets.length > 0 ? plotW / buckets.length : plotW;
    const bars = this.measure === "volume";
    const every = Math.max(1, Math.ceil(buckets.length / 8));
    return html`<section class="card kpi-chart" data-step=${this.step} lang=${this.locale}>
      <h2>${t(this.step === "hour" ? "chart.perHour" : "chart.perDay")}</h2>
      <div class="controls">
        <label>${t("chart.group")}
          <select name="group" @change=${(e: Event) => (this.group = (e.target as HTMLSelectElement).value)}>
            <option value="total">${t("kpi.total")}</option>
            <optgroup label=${t("reassign.queues")}>${this.queues.map((q) => html`<option value=${`queue:${q}`}>${q}</option>`)}</optgroup>
            <optgroup label=${t("reassign.agents")}>${this.agents.map((a) => html`<option value=${`agent:${a.id}`}>${a.name}</option>`)}</optgroup>
          </select></label>
        <label>${t("chart.measure")}
          <select name="measure" @change=${(e: Event) => (this.measure = (e.target as HTMLSelectElement).value as Measure)}>
            ${(Object.keys(MEASURES) as Measure[]).map((m) => html`<option value=${m} ?selected=${m === this.measure}>${t(`chart.measure.${m}` as MessageKey)}</option>`)}
          </select></label>
      </div>
      ${this.problem ? html`<p class="error" role="alert">${t("kpi.history.failed")}</p>` : nothing}
      <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${t(this.step === "hour" ? "chart.perHour" : "chart.perDay")}>
        <g class="axis y-axis">
          ${ticks.map((v) => svg`<line x1=${LEFT} x2=${WIDTH - 8} y1=${y(v)} y2=${y(v)} stroke="#eef1f4"></line>
            <text class="tick" x=${LEFT - 6} y=${y(v) + 4} text-anchor="end">${this.i18n.number(v)}</text>`)}
          <line x1=${LEFT} x2=${LEFT} y1=${TOP} y2=${TOP + plotH} stroke="#9aa4b1"></line>
        </g>
        <g class="axis x-axis">
          <line x1=${LEFT} x2=${WIDTH - 8} y1=${TOP + plotH} y2=${TOP + plotH} stroke="#9aa4b1"></line>
          ${buckets.map((b, i) => (i % every === 0
            ? svg`<text class="tick" x=${LEFT + slot * i + slot / 2} y=${HEIGHT - 6} text-anchor="middle">${this.label(b.from)}</text>`
            : nothing))}
        </g>
        ${bars
          ? values.map((series, s) => series.map((v, i) => svg`<rect class=${`bar ${spec.series[s]}`} data-value=${v}
              x=${LEFT + slot * i + 2 + (s * (slot - 4)) / values.length} width=${Math.max(1, (slot - 4) / values.length)}
              y=${y(v)} height=${TOP + plotH - y(v)} fill=${COLOURS[spec.series[s]]}></rect>`))
          : values.map((series, s) => svg`<polyline class=${`line ${spec.series[s]}`} fill="none" stroke=${COLOURS[spec.series[s]]} stroke-width="2"
              points=${series.map((v, i) => `${(LEFT + slot * i + slot / 2).toFixed(1)},${y(v).toFixed(1)}`).join(" ")}></polyline>
              ${series.map((v, i) => svg`<circle class=${`point ${spec.series[s]}`} data-value=${v} cx=${LEFT + slot * i + slot / 2} cy=${y(v)} r="3"
                fill=${COLOURS[spec.series[s]]}></circle>`)}`)}
      </svg>
      <div class="chart-legend" role="list">
        ${spec.series.map((name) => html`<span role="listitem"><span class="swatch" style="background:${COLOURS[name]}"></span>${t(`figure.name.${name}` as MessageKey)}</span>`)}
        <span class="muted axis-units">${t(spec.unit)} · ${t(this.step === "hour" ? "chart.axisHour" : "chart.axisDay")}</span>
      </div>
      ${this.table && buckets.length > 0 ? this.renderTable(buckets) : nothing}
    </section>`;
  }

  private renderTable(buckets: SeriesBucket[]) {
    const t = this.i18n.t.bind(this.i18n);
    const n = (v: number | null | undefined) => this.i18n.number(typeof v === "number" ? v : 0);
    const pct = (v: number | null | undefined) => (typeof v === "number" ? `${this.i18n.number(Math.round(v * 1000) / 10)} %` : "—");
    const dur = (v: number | null | undefined) => (typeof v === "number" ? this.i18n.duration(v / 1000) : "—");
    return html`<div class="table-wrap"><table class="per-day">
      <thead><tr><th>${t(this.step === "hour" ? "chart.axisHour" : "chart.axisDay")}</th><th>${t("kpi.answered")}</th><th>${t("kpi.abandoned")}</th>
        <th>${t("kpi.serviceLevel")}</th><th>${t("kpi.firstResponse")}</th><th>${t("kpi.handleTime")}</th><th>${t("kpi.csat")}</th></tr></thead>
      <tbody>${buckets.map((b) => {
        const f = this.figures(b);
        return html`<tr data-from=${b.from}><td>${this.label(b.from)}</td><td class="n">${n(f.answered)}</td><td class="n">${n(f.abandoned)}</td>
          <td class="n">${pct(f.service_level)}</td><td class="n">${dur(f.first_response_time_ms)}</td><td class="n">${dur(f.handle_time_ms)}</td>
          <td class="n">${pct(f.csat)}</td></tr>`;
      })}</tbody></table></div>`;
  }
}
