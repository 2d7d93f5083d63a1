import { LitElement, html, css, nothing, svg } from "lit";
import { customElement, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { I18n, type MessageKey } from "../i18n/i18n";
import { requestJson, socketUrl } from "../net/http";
import { ReconnectingSocket, browserSocket, type ConnectionState } from "../net/reconnecting_socket";
import { parseServerEvent, type ActiveAlert, type AtRiskConversation, type KpiEvent, type KpiGroup, type User } from "../protocol/types";
import {
  KpiSeries,
  axisTicks,
  chartPath,
  floorRows,
  queueRows,
  tilesFrom,
  type FloorRow,
  type KpiTiles,
  type QueueRow,
} from "../state/kpi_board";
import { ClientIdSource } from "../state/outbox";
import { kbText } from "./kb_texts";
import { currentUser, logoutAndLeave, redirectFor, toLogin } from "./staff_api";
import type { KefuMonitor } from "./kefu-monitor";
import "./kefu-monitor";
import { careNoticeText } from "./care_api";
import { staffCardStyles, staffStyles } from "./staff_styles";
import "./kefu-quality-review";
import "./kefu-figure-list";
import "./kefu-move-waiting";
import "./kefu-kpi-chart";
import "./kefu-alerts";
import "./kefu-care-outcomes";
import type { KefuMoveWaiting } from "./kefu-move-waiting";
import type { FigureRequest } from "./kefu-figure-list";

const CHART_WIDTH = 600;
const CHART_HEIGHT = 160;
/** Room for the value axis (left) and the time axis (below) inside the chart's box. */
const AXIS_LEFT = 40;
const AXIS_BOTTOM = 22;
const DAY_MS = 86_400_000;
/** The longest history range the server answers (GET /api/reports). */
const LONGEST_RANGE_DAYS = 400;
const SETTABLE_STATUSES = ["away", "offline", "online"] as const;

/** The history report's answer (KpiBreakdown::to_json plus the range). */
interface Report {
  from: number;
  to: number;
  total: KpiGroup;
  queues: Record<string, KpiGroup>;
  channels?: Record<string, KpiGroup>;
  agents: Record<string, KpiGroup>;
}

/** A channel's name in the page's language (the key itself for a channel it does not know). */
function channelLabel(t: (key: MessageKey) => string, key: string): string {
  const known = (["chat", "ticket", "email"] as const).find((c) => c === key);
  return known ? t(`channel.${known}`) : key;
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
      svg.chart { width: 100%; height: 180px; display: block; }
      svg.chart text { font-size: 11px; fill: var(--muted); }
      .table-wrap { overflow-x: auto; }
      table.agents select, table.agents input { border: 1px solid var(--line); border-radius: 6px; padding: 3px 6px; font: inherit; }
      table.agents input { width: 9em; }
      table.agents td.act { display: flex; gap: 4px; }
      .legend { display: flex; gap: 14px; font-size: 12px; color: var(--muted); }
      .legend [class^="l-"]::before { content: ""; display: inline-block; width: 10px; height: 3px; margin-right: 4px; vertical-align: middle; background: currentColor; }
      .l-waiting { color: #b3261e; }
      .l-busy { color: #1f5f8b; }
      .l-online { color: #3b8a3e; }
      th, td { white-space: nowrap; }
      .grid2 { display: grid; grid-template-columns: minmax(0, 1fr); gap: 20px; }
      form.range { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin-bottom: 10px; }
      form.range label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
      form.range input { border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; }
      .muted { color: var(--muted); }
      button.drill { border: 0; background: none; padding: 0; font: inherit; color: inherit; text-decoration: underline dotted; text-underline-offset: 3px; cursor: pointer; }
      .tile button.drill { font-size: 26px; font-weight: 700; }
      .tile.warn button.drill { color: var(--warn); }
    `,
  ];

  @state() private user: User | null = null;
  @state() private tiles: KpiTiles | null = null;
  @state() private queues: QueueRow[] = [];
  @state() private agents: FloorRow[] = [];
  @state() private liveAt = 0;
  @state() private dayStart = 0;
  @state() private floorNotice: string | null = null;
  @state() private alertsOn: ActiveAlert[] = [];
  @state() private atRisk: AtRiskConversation[] = [];
  @state() private customerNames = new Map<number, string>();
  /** The figure whose conversations are shown (drill-down), or null. */
  @state() private figure: FigureRequest | null = null;
  /** The status and reason chosen in each agent's row, by agent id. */
  private readonly choices = new Map<number, { status: string; reason: string }>();
  /** Status commands sent and not yet answered, by client_id. */
  private readonly pendingStatus = new Map<string, { name: string; status: string }>();
  private readonly ids = new ClientIdSource("fl");
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
    const notice = careNoticeText(frame);
    if (notice !== null) this.floorNotice = this.i18n.t("care.notice", { text: notice });
    const event = parseServerEvent(frame);
    if (event) this.monitor()?.onServerEvent(event);
    if (event) this.renderRoot.querySelector<KefuMoveWaiting>("kefu-move-waiting")?.onServerEvent(event);
    if (event && (event.type === "ack" || event.type === "error")) this.statusAnswered(event);
    if (!event || event.type !== "kpi" || typeof event.live !== "object" || event.live === null) return;
    this.applyKpi(event);
  }

  private applyKpi(event: KpiEvent): void {
    this.tiles = tilesFrom(event);
    this.series.add(this.tiles);
    this.queues = queueRows(event);
    this.agents = floorRows(event);
    this.alertsOn = event.live.alerts?.active ?? [];
    this.atRisk = event.live.at_risk ?? [];
    this.customerNames = new Map((event.conversations ?? []).map((c) => [c.id, c.customer?.name ?? ""]));
    this.liveAt = typeof event.live.at === "number" ? event.live.at : Date.now();
    this.dayStart = typeof event.live.day_start === "number" ? event.live.day_start : 0;
  }

  /** The answer to a `set_agent_status` this screen sent: a notice either way. */
  private statusAnswered(event: { type: "ack" | "error"; ref?: string | null; message?: string }): void {
    const ref = event.ref ?? "";
    const sent = this.pendingStatus.get(ref);
    if (!sent) return;
    this.pendingStatus.delete(ref);
    const t = this.i18n.t.bind(this.i18n);
    this.floorNotice =
      event.type === "ack"
        ? t("floor.done", { name: sent.name, status: this.statusText(sent.status) })
        : t("floor.refused", { message: event.message ?? "" });
  }

  private statusText(status: string): string {
    return status === "online" || status === "away" || status === "offline" ? this.i18n.t(`status.${status}`) : status;
  }

  private choice(id: number): { status: string; reason: string } {
    let c = this.choices.get(id);
    if (!c) {
      c = { status: "away", reason: "" };
      this.choices.set(id, c);
    }
    return c;
  }

  /** Sends `set_agent_status` for the row's agent with the chosen status and reason. */
  private setAgentStatus(agent: FloorRow): void {
    const c = this.choice(agent.id);
    if (c.reason.trim() === "") {
      this.floorNotice = this.i18n.t("floor.needReason");
      return;
    }
    const clientId = this.ids.next();
    this.pendingStatus.set(clientId, { name: agent.name, status: c.status });
    this.socket.send({ type: "set_agent_status", client_id: clientId, agent_id: agent.id, status: c.status, reason: c.reason.trim() });
  }

  /** How long the agent has been in their status today (since local midnight at most). */
  private inStatus(agent: FloorRow): string {
    if (agent.statusSince === null || this.liveAt === 0) return "—";
    return this.ms(Math.max(0, this.liveAt - Math.max(agent.statusSince, this.dayStart)));
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

  /** True when the chosen range is longer than the server answers. */
  private tooLong(range: { from: number; to: number }): boolean {
    return range.to - range.from > LONGEST_RANGE_DAYS * DAY_MS;
  }

  private csvLink(): string | null {
    const range = this.rangeMs();
    return range && !this.tooLong(range) ? `/api/reports?from=${range.from}&to=${range.to}&format=csv` : null;
  }

  private conversationsCsvLink(): string | null {
    const range = this.rangeMs();
    return range && !this.tooLong(range) ? `/api/reports/conversations.csv?from=${range.from}&to=${range.to}` : null;
  }

  private async loadReport(event?: Event): Promise<void> {
    event?.preventDefault();
    const range = this.rangeMs();
    if (!range) {
      this.reportProblem = this.i18n.t("kpi.history.badRange");
      return;
    }
    if (this.tooLong(range)) {
      this.report = null;
      this.reportProblem = this.i18n.t("kpi.history.tooLong");
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
        <a class="wallboard-link" href=${`/wallboard?lang=${this.i18n.locale}`} target="_blank" rel="noopener">${t("wallboard.open")}</a>
        ${this.user.role === "admin"
          ? html`<a class="kb-link" href="/kb">${kbText(this.i18n.locale, "kb.title")}</a>
              <a class="admin-link" href="/admin">${t("admin.staff")}</a>`
          : nothing}
        <button @click=${() => this.switchLanguage()}>${t("lang.switch")}</button>
        <button @click=${() => logoutAndLeave()}>${t("logout")}</button>
      </div>
      ${this.connection === "waiting" ? html`<div class="notice" role="status">${t("conn.waiting")}</div>` : nothing}
      <main lang=${this.i18n.locale}>
        ${this.tiles
          ? html`<kefu-alerts .i18n=${this.i18n} locale=${this.i18n.locale} .active=${this.alertsOn} .atRisk=${this.atRisk}
              .customers=${this.customerNames} .now=${this.liveAt}></kefu-alerts>`
          : nothing}
        <section id="kpi-region" aria-label="KPI">
          <slot name="kpi"></slot>
          ${this.tiles ? this.renderLive(this.tiles) : html`<p class="muted">${t("kpi.waitingForData")}</p>`}
        </section>
        ${this.figure
        ? html`<kefu-figure-list .i18n=${this.i18n} locale=${this.i18n.locale} .request=${this.figure}
            @close=${() => (this.figure = null)}></kefu-figure-list>`
        : nothing}
        ${this.tiles
          ? html`<kefu-move-waiting .i18n=${this.i18n} locale=${this.i18n.locale} .queues=${this.queues} .agents=${this.agents}
              .send=${(c: object) => this.socket.send(c)}></kefu-move-waiting>`
          : nothing}
        <kefu-monitor .i18n=${this.i18n} locale=${this.i18n.locale} .send=${(c: object) => this.socket.send(c)}></kefu-monitor>
        ${this.renderHistory()}
        <kefu-quality-review></kefu-quality-review>
        <kefu-care-outcomes .i18n=${this.i18n} locale=${this.i18n.locale}></kefu-care-outcomes>
      </main>
    `;
  }

  private renderLive(tiles: KpiTiles) {
    const t = this.i18n.t.bind(this.i18n);
    // A tile whose figure is made of conversations opens their list (`figure`: the KPI's name).
    const tile = (key: string, label: MessageKey, value: string, warn = false, figure?: string) =>
      html`<div class="tile ${warn ? "warn" : ""}" data-kpi=${key}>
        <div class="label">${t(label)}</div>
        ${figure
          ? html`<button class="value drill" aria-label=${t("figure.open", { figure: t(label) })}
              @click=${() => this.drill(figure, "total", "")}>${value}</button>`
          : html`<div class="value">${value}</div>`}
      </div>`;
    const n = (v: number) => this.i18n.number(v);
    return html`
      <div class="tiles" role="group" aria-label=${t("kpi.live")}>
        ${tile("waiting", "kpi.waiting", n(tiles.waiting), tiles.waiting > 0, "waiting")}
        ${tile("oldest_wait", "kpi.oldestWait", this.ms(tiles.oldestWaitMs), (tiles.oldestWaitMs ?? 0) > 60_000, "oldest_wait_ms")}
        ${tile("agents_online", "kpi.agentsOnline", n(tiles.agentsOnline))}
        ${tile("agents_busy", "kpi.agentsBusy", n(tiles.agentsBusy))}
        ${tile("agents_away", "kpi.agentsAway", n(tiles.agentsAway))}
        ${tile("service_level", "kpi.serviceLevel", this.percent(tiles.serviceLevel), false, "service_level")}
        ${tile("first_response", "kpi.firstResponse", this.ms(tiles.firstResponseMs), false, "first_response_time_ms")}
        ${tile("csat", "kpi.csat", this.percent(tiles.csat), false, "csat")}
      </div>
      <div class="card">
        <h2>${t("kpi.chart")}</h2>
        ${this.renderChart()}
      </div>
      ${this.dayStart > 0
        ? html`<kefu-kpi-chart .i18n=${this.i18n} locale=${this.i18n.locale} step="hour" .from=${this.dayStart}
            .to=${Math.floor(this.liveAt / 60_000) * 60_000 + 60_000} .queues=${this.queues.map((q) => q.name)}
            .agents=${this.agents.map((a) => ({ id: a.id, name: a.name }))}></kefu-kpi-chart>`
        : nothing}
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
                  <td>${q.name}</td><td class="n">${this.drillCell(n(q.waiting), "waiting", "queue", q.name, q.name)}</td>
                  <td class="n">${this.drillCell(this.ms(q.oldestWaitMs), "oldest_wait_ms", "queue", q.name, q.name)}</td>
                  <td class="n">${q.freeAgents === null ? "—" : n(q.freeAgents)}</td>
                  <td class="n">${this.drillCell(this.percent(q.serviceLevel), "service_level", "queue", q.name, q.name)}</td>
                  <td class="n">${this.drillCell(n(q.answered), "answered", "queue", q.name, q.name)}</td>
                  <td class="n">${this.drillCell(n(q.abandoned), "abandoned", "queue", q.name, q.name)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <div class="card">
          <h2>${t("kpi.agents")}</h2>
          ${this.floorNotice ? html`<p class="notice floor-notice" role="status">${this.floorNotice}</p>` : nothing}
          <div class="table-wrap">
          <table class="agents">
            <thead>
              <tr>
                <th>${t("kpi.agent")}</th><th>${t("status.label")}</th><th>${t("floor.timeInStatus")}</th>
                <th>${t("floor.load")}</th><th>${t("floor.occupancy")}</th><th>${t("kpi.handled")}</th>
                <th>${t("floor.action")}</th>
              </tr>
            </thead>
            <tbody>
              ${repeat(this.agents, (a) => a.id, (a) => this.renderAgent(a))}
            </tbody>
          </table>
          </div>
        </div>
      </div>
    `;
  }

  private renderAgent(a: FloorRow) {
    const t = this.i18n.t.bind(this.i18n);
    const n = (v: number) => this.i18n.number(v);
    const c = this.choice(a.id);
    return html`<tr data-agent=${a.id}>
      <td class="name">${a.name}</td>
      <td class="status">${this.statusText(a.status)}${a.connected || a.status === "offline" ? nothing : html` <span class="muted">(${t("floor.notConnected")})</span>`}</td>
      <td class="n in-status">${this.inStatus(a)}</td>
      <td class="n load">${n(a.openChats)} / ${n(a.chatCapacity)}</td>
      <td class="n">${this.percent(a.occupancy)}</td>
      <td class="n">${this.drillCell(n(a.handled), "handle_time_ms", "agent", String(a.id), a.name)}</td>
      <td class="act">
        <select aria-label=${t("floor.statusLabel", { name: a.name })} @change=${(e: Event) => (c.status = (e.target as HTMLSelectElement).value)}>
          ${SETTABLE_STATUSES.map((s) => html`<option value=${s} ?selected=${s === c.status}>${t(`status.${s}`)}</option>`)}
        </select>
        <input class="reason" maxlength="200" placeholder=${t("floor.reason")} aria-label=${t("floor.reasonLabel", { name: a.name })}
          .value=${c.reason} @input=${(e: Event) => (c.reason = (e.target as HTMLInputElement).value)} />
        <button class="set-status" @click=${() => this.setAgentStatus(a)}>${t("floor.apply")}</button>
      </td>
    </tr>`;
  }

  private renderChart() {
    const t = this.i18n.t.bind(this.i18n);
    const points = this.series.points();
    const ticks = axisTicks(Math.max(1, ...points.map((p) => Math.max(p.waiting, p.busy, p.online))));
    const max = ticks[ticks.length - 1];
    const plotWidth = CHART_WIDTH - AXIS_LEFT - 8;
    const plotHeight = CHART_HEIGHT - AXIS_BOTTOM - 8;
    const y = (v: number) => 8 + plotHeight - (v / max) * plotHeight;
    const line = (values: number[], cls: string) =>
      svg`<polyline class=${cls} fill="none" stroke="currentColor" stroke-width="2"
        transform="translate(${AXIS_LEFT} 8)" points=${chartPath(values, plotWidth, plotHeight, max)}></polyline>`;
    const first = points[0];
    const last = points[points.length - 1];
    const times = first && last ? [first.at, first.at + (last.at - first.at) / 2, last.at] : [];
    return html`
      <svg class="chart" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-label=${t("kpi.chart")}>
        <g class="axis y-axis">
          ${ticks.map(
            (v) => svg`<line x1=${AXIS_LEFT} x2=${CHART_WIDTH - 8} y1=${y(v)} y2=${y(v)} stroke="#eef1f4"></line>
              <text class="tick" x=${AXIS_LEFT - 6} y=${y(v) + 4} text-anchor="end">${this.i18n.number(v)}</text>`,
          )}
          <line x1=${AXIS_LEFT} x2=${AXIS_LEFT} y1="8" y2=${8 + plotHeight} stroke="#9aa4b1"></line>
        </g>
        <g class="axis x-axis">
          <line x1=${AXIS_LEFT} x2=${CHART_WIDTH - 8} y1=${8 + plotHeight} y2=${8 + plotHeight} stroke="#9aa4b1"></line>
          ${times.map(
            (at, i) => svg`<text class="tick" x=${AXIS_LEFT + (plotWidth * i) / 2} y=${CHART_HEIGHT - 6}
              text-anchor=${i === 0 ? "start" : i === 2 ? "end" : "middle"}>${this.i18n.time(at)}</text>`,
          )}
        </g>
        ${line(points.map((p) => p.online), "l-online")} ${line(points.map((p) => p.busy), "l-busy")}
        ${line(points.map((p) => p.waiting), "l-waiting")}
      </svg>
      <div class="legend" role="list" aria-label=${t("kpi.chart")}>
        <span class="l-waiting" role="listitem">${t("kpi.waiting")}</span>
        <span class="l-busy" role="listitem">${t("kpi.agentsBusy")}</span>
        <span class="l-online" role="listitem">${t("kpi.agentsOnline")}</span>
        <span class="muted axis-units">${t("chart.axisCount")} · ${t("chart.axisTime")}</span>
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
          ${this.conversationsCsvLink()
            ? html`<a class="conversations-csv" href=${this.conversationsCsvLink()} download="kefu-conversations.csv">${t("kpi.history.conversationsCsv")}</a>`
            : nothing}
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
                ${this.reportRow(t("kpi.total"), report.total, report, "total", "")}
                ${Object.entries(report.queues ?? {}).map(([name, k]) => this.reportRow(name, k, report, "queue", name))}
                ${Object.entries(report.channels ?? {}).map(([key, k]) =>
                  this.reportRow(channelLabel(t, key), k, report, "channel", key),
                )}
                ${Object.entries(report.agents ?? {}).map(([id, k]) => this.reportRow(this.agentName(id), k, report, "agent", id))}
              </tbody>
            </table>
            <kefu-kpi-chart .i18n=${this.i18n} locale=${this.i18n.locale} step="day" table .from=${report.from} .to=${report.to}
              .queues=${Object.keys(report.queues ?? {})}
              .agents=${Object.keys(report.agents ?? {}).map((id) => ({ id: Number(id), name: this.agentName(id) }))}></kefu-kpi-chart>`
          : nothing}
      </section>
    `;
  }

  /** An agent's display name from the floor, else "#id". */
  private agentName(id: string): string {
    return this.agents.find((a) => String(a.id) === id)?.name ?? `#${id}`;
  }

  /** A history row; each figure opens its conversations over the report's range. */
  private reportRow(name: string, k: KpiGroup, report: Report, dimension: string, key: string) {
    const n = (v: number | undefined) => this.i18n.number(v ?? 0);
    const numOrNull = (v: number | null | undefined) => (typeof v === "number" ? v : null);
    const cell = (text: string, figure: string) => this.drillCell(text, figure, dimension, key, name, { from: report.from, to: report.to });
    return html`<tr data-group=${dimension} data-key=${key}>
      <td>${name}</td><td class="n">${cell(n(k.counts?.answered), "answered")}</td>
      <td class="n">${cell(n(k.counts?.abandoned), "abandoned")}</td>
      <td class="n">${cell(this.percent(numOrNull(k.service_level)), "service_level")}</td>
      <td class="n">${cell(this.ms(numOrNull(k.first_response_time_ms)), "first_response_time_ms")}</td>
      <td class="n">${cell(this.ms(numOrNull(k.handle_time_ms)), "handle_time_ms")}</td>
      <td class="n">${cell(this.percent(numOrNull(k.csat)), "csat")}</td>
    </tr>`;
  }

  /**
   * Opens the conversations behind a figure: today's (since local midnight, server time) unless
   * a range is given; the live figures `waiting` and `oldest_wait_ms` take none.
   */
  private drill(figure: string, dimension: string, key: string, groupLabel?: string, range?: { from: number; to: number }): void {
    const live = figure === "waiting" || figure === "oldest_wait_ms";
    const today = { from: this.dayStart, to: Math.max(this.liveAt, this.dayStart) + 1 };
    this.figure = { figure, dimension, key, groupLabel, ...(live ? {} : (range ?? today)) };
    void this.updateComplete.then(() => this.renderRoot.querySelector("kefu-figure-list")?.scrollIntoView({ block: "nearest" }));
  }

  /** A figure in a table that opens its conversations. */
  private drillCell(text: string, figure: string, dimension: string, key: string, label: string, range?: { from: number; to: number }) {
    return html`<button class="drill" data-figure=${figure}
      aria-label=${this.i18n.t("figure.open", { figure: this.i18n.t(`figure.name.${figure}` as MessageKey) })}
      @click=${() => this.drill(figure, dimension, key, label, range)}>${text}</button>`;
  }
}
