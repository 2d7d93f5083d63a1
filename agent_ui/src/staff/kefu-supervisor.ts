import { LitElement, html, css, nothing, svg } from "lit";
import { customElement, state } from "lit/decorators.js";
import { I18n, type MessageKey } from "../i18n/i18n";
import { requestJson, socketUrl } from "../net/http";
import { ReconnectingSocket, browserSocket, type ConnectionState } from "../net/reconnecting_socket";
import { parseServerEvent, type KpiEvent, type KpiGroup, type User } from "../protocol/types";
import {
  KpiSeries,
  agentRows,
  chartPath,
  queueRows,
  tilesFrom,
  type AgentRow,
  type KpiTiles,
  type QueueRow,
} from "../state/kpi_board";
import { kbText } from "./kb_texts";
import { currentUser, logoutAndLeave, redirectFor, toLogin } from "./staff_api";
import type { KefuMonitor } from "./kefu-monitor";
import "./kefu-monitor";
import { staffCardStyles, staffStyles } from "./staff_styles";
import "./kefu-quality-review";

const CHART_WIDTH = 600;
const CHART_HEIGHT = 120;
const DAY_MS = 86_400_000;

/** The history report's answer (KpiBreakdown::to_json plus the range). */
interface Report {
  from: number;
  to: number;
  total: KpiGroup;
  queues: Record<string, KpiGroup>;
  agents: Record<string, KpiGroup>;
}

/** yyyy-mm-dd of a local date. */
function dayInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The supervisor screen: live tiles, a chart of the last hours, per-queue and per-agent tables
 * (all from the `kpi` frames on /ws/staff) and KPI history over a chosen date range from
 * /api/reports with a CSV download link.
 */
@customElement("kefu-supervisor")
export class KefuSupervisor extends LitElement {
  static override styles = [
    staffStyles,
    staffCardStyles,
    css`
      main { padding: 20px; display: grid; gap: 20px; }
      #kpi-region { display: grid; gap: 20px; }
      .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; }
      .tile { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; background: var(--paper); }
      .tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
      .tile .value { font-size: 26px; font-weight: 700; }
      .tile.warn .value { color: var(--warn); }
      svg.chart { width: 100%; height: 140px; display: block; }
      .legend { display: flex; gap: 14px; font-size: 12px; color: var(--muted); }
      .legend [class^="l-"]::before { content: ""; display: inline-block; width: 10px; height: 3px; margin-right: 4px; vertical-align: middle; background: currentColor; }
      .l-waiting { color: #b3261e; }
      .l-busy { color: #1f5f8b; }
      .l-online { color: #3b8a3e; }
      th, td { white-space: nowrap; }
      .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 20px; }
      form.range { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin-bottom: 10px; }
      form.range label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
      form.range input { border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; }
      .muted { color: var(--muted); }
    `,
  ];

  @state() private user: User | null = null;
  @state() private tiles: KpiTiles | null = null;
  @state() private queues: QueueRow[] = [];
  @state() private agents: AgentRow[] = [];
  @state() private connection: ConnectionState = "idle";
  @state() private report: Report | null = null;
  @state() private reportProblem: string | null = null;
  @state() private from = dayInput(Date.now() - 6 * DAY_MS);
  @state() private to = dayInput(Date.now());
  private readonly series = new KpiSeries();
  private readonly i18n = I18n.forBrowser();
  private readonly socket = new ReconnectingSocket({
    prepare: async () => {
      const user = await currentUser();
      if (!user) {
        toLogin();
        return null;
      }
      return { url: socketUrl(location.origin, "/ws/staff") };
    },
    createSocket: browserSocket,
    onFrame: (frame) => this.onFrame(frame),
    onStateChange: (s) => {
      this.connection = s;
      if (s !== "open" && s !== "connecting") this.monitor()?.connectionLost();
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    currentUser()
      .then((user) => {
        if (!user) return toLogin();
        const elsewhere = redirectFor(user, "supervisor");
        if (elsewhere) return location.replace(elsewhere);
        this.user = user;
        this.socket.start();
      })
      .catch(() => toLogin());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.socket.stop();
  }

  /** The open conversations and the one being watched (kefu-monitor.ts). */
  private monitor(): KefuMonitor | null {
    return this.renderRoot.querySelector<KefuMonitor>("kefu-monitor");
  }

  /** Applies one `kpi` frame; every frame also goes to the conversations panel. */
  private onFrame(frame: string): void {
    const event = parseServerEvent(frame);
    if (event) this.monitor()?.onServerEvent(event);
    if (!event || event.type !== "kpi" || typeof event.live !== "object" || event.live === null) return;
    this.applyKpi(event);
  }

  private applyKpi(event: KpiEvent): void {
    this.tiles = tilesFrom(event);
    this.series.add(this.tiles);
    this.queues = queueRows(event);
    this.agents = agentRows(event);
  }

  /** Switches the language here and in the quality section (which has its own I18n). */
  private switchLanguage(): void {
    this.i18n.toggle();
    document.dispatchEvent(new Event("kefu-locale"));
  }

  private percent(value: number | null): string {
    return value === null ? "—" : `${this.i18n.number(Math.round(value * 1000) / 10)} %`;
  }

  private ms(value: number | null): string {
    return value === null ? "—" : this.i18n.duration(value / 1000);
  }

  private rangeMs(): { from: number; to: number } | null {
    const from = new Date(`${this.from}T00:00:00`).getTime();
    const to = new Date(`${this.to}T00:00:00`).getTime() + DAY_MS;
    return Number.isFinite(from) && Number.isFinite(to) && from < to ? { from, to } : null;
  }

  private csvLink(): string | null {
    const range = this.rangeMs();
    return range ? `/api/reports?from=${range.from}&to=${range.to}&format=csv` : null;
  }

  private async loadReport(event?: Event): Promise<void> {
    event?.preventDefault();
    const range = this.rangeMs();
    if (!range) {
      this.reportProblem = this.i18n.t("kpi.history.badRange");
      return;
    }
    try {
      this.reportProblem = null;
      this.report = await requestJson<Report>(`/api/reports?from=${range.from}&to=${range.to}`);
    } catch {
      this.report = null;
      this.reportProblem = this.i18n.t("kpi.history.failed");
    }
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    if (!this.user) return nothing;
    return html`
      <div class="topbar" lang=${this.i18n.locale}>
        <span class="brand">${t("app.name")} · ${t("supervisor.title")}</span>
        <span class="spacer"></span>
        <span class="who">${this.user.name}</span>
        ${this.user.role === "admin"
          ? html`<a class="kb-link" href="/kb">${kbText(this.i18n.locale, "kb.title")}</a>
              <a class="admin-link" href="/admin">${t("admin.staff")}</a>`
          : nothing}
        <button @click=${() => this.switchLanguage()}>${t("lang.switch")}</button>
        <button @click=${() => logoutAndLeave()}>${t("logout")}</button>
      </div>
      ${this.connection === "waiting" ? html`<div class="notice" role="status">${t("conn.waiting")}</div>` : nothing}
      <main lang=${this.i18n.locale}>
        <section id="kpi-region" aria-label="KPI">
          <slot name="kpi"></slot>
          ${this.tiles ? this.renderLive(this.tiles) : html`<p class="muted">${t("kpi.waitingForData")}</p>`}
        </section>
        <kefu-monitor .i18n=${this.i18n} locale=${this.i18n.locale} .send=${(c: object) => this.socket.send(c)}></kefu-monitor>
        ${this.renderHistory()}
        <kefu-quality-review></kefu-quality-review>
      </main>
    `;
  }

  private renderLive(tiles: KpiTiles) {
    const t = this.i18n.t.bind(this.i18n);
    const tile = (key: string, label: MessageKey, value: string, warn = false) =>
      html`<div class="tile ${warn ? "warn" : ""}" data-kpi=${key}>
        <div class="label">${t(label)}</div>
        <div class="value">${value}</div>
      </div>`;
    const n = (v: number) => this.i18n.number(v);
    return html`
      <div class="tiles" role="group" aria-label=${t("kpi.live")}>
        ${tile("waiting", "kpi.waiting", n(tiles.waiting), tiles.waiting > 0)}
        ${tile("oldest_wait", "kpi.oldestWait", this.ms(tiles.oldestWaitMs), (tiles.oldestWaitMs ?? 0) > 60_000)}
        ${tile("agents_online", "kpi.agentsOnline", n(tiles.agentsOnline))}
        ${tile("agents_busy", "kpi.agentsBusy", n(tiles.agentsBusy))}
        ${tile("agents_away", "kpi.agentsAway", n(tiles.agentsAway))}
        ${tile("service_level", "kpi.serviceLevel", this.percent(tiles.serviceLevel))}
        ${tile("first_response", "kpi.firstResponse", this.ms(tiles.firstResponseMs))}
        ${tile("csat", "kpi.csat", this.percent(tiles.csat))}
      </div>
      <div class="card">
        <h2>${t("kpi.chart")}</h2>
        ${this.renderChart()}
      </div>
      <div class="grid2">
        <div class="card">
          <h2>${t("kpi.queues")}</h2>
          <table class="queues">
            <thead>
              <tr>
                <th>${t("kpi.queue")}</th><th>${t("kpi.waiting")}</th><th>${t("kpi.oldestWait")}</th>
                <th>${t("kpi.freeAgents")}</th><th>${t("kpi.serviceLevel")}</th><th>${t("kpi.answered")}</th>
                <th>${t("kpi.abandoned")}</th>
              </tr>
            </thead>
            <tbody>
              ${this.queues.map(
                (q) => html`<tr data-queue=${q.name}>
                  <td>${q.name}</td><td class="n">${n(q.waiting)}</td><td class="n">${this.ms(q.oldestWaitMs)}</td>
                  <td class="n">${q.freeAgents === null ? "—" : n(q.freeAgents)}</td>
                  <td class="n">${this.percent(q.serviceLevel)}</td><td class="n">${n(q.answered)}</td>
                  <td class="n">${n(q.abandoned)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <div class="card">
          <h2>${t("kpi.agents")}</h2>
          <table class="agents">
            <thead>
              <tr>
                <th>${t("kpi.agent")}</th><th>${t("status.label")}</th><th>${t("kpi.open")}</th>
                <th>${t("kpi.handled")}</th><th>${t("kpi.firstResponse")}</th><th>${t("kpi.csat")}</th>
              </tr>
            </thead>
            <tbody>
              ${this.agents.map(
                (a) => html`<tr data-agent=${a.id}>
                  <td>${a.name ?? `#${a.id}`}</td>
                  <td>${a.status === "online" || a.status === "away" || a.status === "offline" ? t(`status.${a.status}`) : a.status}</td>
                  <td class="n">${n(a.open)}</td><td class="n">${n(a.handled)}</td>
                  <td class="n">${this.ms(a.firstResponseMs)}</td><td class="n">${this.percent(a.csat)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </div>
    `;
  }

  private renderChart() {
    const t = this.i18n.t.bind(this.i18n);
    const points = this.series.points();
    const max = Math.max(1, ...points.map((p) => Math.max(p.waiting, p.busy, p.online)));
    const line = (values: number[], cls: string) =>
      svg`<polyline class=${cls} fill="none" stroke="currentColor" stroke-width="2" points=${chartPath(values, CHART_WIDTH, CHART_HEIGHT, max)}></polyline>`;
    const first = points[0];
    const last = points[points.length - 1];
    return html`
      <svg class="chart" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" preserveAspectRatio="none" role="img"
        aria-label=${t("kpi.chart")}>
        <line x1="0" y1=${CHART_HEIGHT - 0.5} x2=${CHART_WIDTH} y2=${CHART_HEIGHT - 0.5} stroke="#d9dee5"></line>
        ${line(points.map((p) => p.online), "l-online")} ${line(points.map((p) => p.busy), "l-busy")}
        ${line(points.map((p) => p.waiting), "l-waiting")}
      </svg>
      <div class="legend">
        <span class="l-waiting">${t("kpi.waiting")}</span><span class="l-busy">${t("kpi.agentsBusy")}</span>
        <span class="l-online">${t("kpi.agentsOnline")}</span>
        ${first && last
          ? html`<span class="muted">${this.i18n.time(first.at)} – ${this.i18n.time(last.at)} · max ${this.i18n.number(max)}</span>`
          : nothing}
      </div>
    `;
  }

  private renderHistory() {
    const t = this.i18n.t.bind(this.i18n);
    const csv = this.csvLink();
    const report = this.report;
    return html`
      <section class="card history" aria-label=${t("kpi.history")}>
        <h2>${t("kpi.history")}</h2>
        <form class="range" @submit=${this.loadReport}>
          <label>${t("kpi.history.from")}
            <input type="date" name="from" .value=${this.from} @change=${(e: Event) => (this.from = (e.target as HTMLInputElement).value)} /></label>
          <label>${t("kpi.history.to")}
            <input type="date" name="to" .value=${this.to} @change=${(e: Event) => (this.to = (e.target as HTMLInputElement).value)} /></label>
          <button class="primary" type="submit">${t("kpi.history.show")}</button>
          ${csv ? html`<a class="csv" href=${csv} download="kefu-kpi.csv">${t("kpi.history.csv")}</a>` : nothing}
        </form>
        ${this.reportProblem ? html`<p class="error" role="alert">${this.reportProblem}</p>` : nothing}
        ${report
          ? html`<table class="report">
              <thead>
                <tr>
                  <th></th><th>${t("kpi.answered")}</th><th>${t("kpi.abandoned")}</th><th>${t("kpi.serviceLevel")}</th>
                  <th>${t("kpi.firstResponse")}</th><th>${t("kpi.handleTime")}</th><th>${t("kpi.csat")}</th>
                </tr>
              </thead>
              <tbody>
                ${this.reportRow(t("kpi.total"), report.total)}
                ${Object.entries(report.queues ?? {}).map(([name, k]) => this.reportRow(name, k))}
              </tbody>
            </table>`
          : nothing}
      </section>
    `;
  }

  private reportRow(name: string, k: KpiGroup) {
    const n = (v: number | undefined) => this.i18n.number(v ?? 0);
    const numOrNull = (v: number | null | undefined) => (typeof v === "number" ? v : null);
    return html`<tr>
      <td>${name}</td><td class="n">${n(k.counts?.answered)}</td><td class="n">${n(k.counts?.abandoned)}</td>
      <td class="n">${this.percent(numOrNull(k.service_level))}</td>
      <td class="n">${this.ms(numOrNull(k.first_response_time_ms))}</td>
      <td class="n">${this.ms(numOrNull(k.handle_time_ms))}</td><td class="n">${this.percent(numOrNull(k.csat))}</td>
    </tr>`;
  }
}
