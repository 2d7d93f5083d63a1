import { LitElement, html, css, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { I18n, type MessageKey } from "../i18n/i18n";
import { socketUrl } from "../net/http";
import { ReconnectingSocket, browserSocket, type ConnectionState } from "../net/reconnecting_socket";
import { parseServerEvent, type ActiveAlert } from "../protocol/types";
import { clockWait, wallboardFigures, wallboardLocale, wholePercent, type WallboardFigures } from "../state/wallboard";
import { currentUser, redirectFor, toLogin } from "./staff_api";

/** The remembered language choice (I18n's key): the signed-in user's choice on this browser. */
const SAVED_LOCALE_KEY = "kefu.locale";

function savedLocale(): string | null {
  try {
    return window.localStorage.getItem(SAVED_LOCALE_KEY);
  } catch {
    return null;
  }
}

/** One tile: its figure, its label, its text, and the alert that lights it up. */
interface Tile {
  kpi: string;
  label: MessageKey;
  value: string;
  alert: ActiveAlert["alert"] | null;
}

/**
 * The wallboard: today's figures in large tiles for a TV on the wall, from the `kpi` frames on
 * /ws/staff, for supervisors and admins. Nothing to press; it reconnects by itself. The language
 * is `?lang=zh-CN|en`, else the one chosen on this browser (docs/protocol.md, "Pages").
 */
@customElement("kefu-wallboard")
export class KefuWallboard extends LitElement {
  static override styles = css`
    :host { display: block; box-sizing: border-box; height: 100vh; overflow: hidden; background: #000; color: #fff;
      font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
    * { box-sizing: border-box; }
    main { height: 100%; display: grid; grid-template-rows: auto minmax(0, 1fr) auto; gap: 1.2vh; padding: 1.5vh 1.5vw; }
    header { display: flex; align-items: baseline; gap: 2vw; min-width: 0; }
    h1 { margin: 0; font-size: clamp(18px, min(3vw, 4.5vh), 64px); font-weight: 700; white-space: nowrap; }
    .updated { margin-left: auto; color: #d0d0d0; font-size: clamp(14px, min(1.8vw, 2.8vh), 40px); white-space: nowrap; }
    .connection { color: #ffd54a; font-size: clamp(14px, min(1.8vw, 2.8vh), 40px); font-weight: 700; }
    .tiles { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); grid-template-rows: repeat(2, minmax(0, 1fr));
      gap: 1.2vh 1.2vw; min-height: 0; }
    .tile { min-width: 0; min-height: 0; overflow: hidden; border: 0.3vh solid #5a5a5a; border-radius: 1vh; background: #141414;
      display: flex; flex-direction: column; justify-content: center; align-items: center; padding: 1vh 0.8vw; text-align: center; }
    .label { font-size: clamp(14px, min(2vw, 3.4vh), 48px); color: #e8e8e8; line-height: 1.15; }
    .value { font-size: clamp(28px, min(7vw, 13vh), 200px); font-weight: 800; line-height: 1.2; font-variant-numeric: tabular-nums;
      white-space: nowrap; }
    .tile.alert { background: #b00020; border-color: #ffeb3b; }
    .tile.alert .label { color: #fff; }
    .alerts { margin: 0; padding: 1vh 1.2vw; list-style: none; border-radius: 1vh; background: #141414; border: 0.3vh solid #5a5a5a;
      font-size: clamp(14px, min(2vw, 3.2vh), 48px); display: flex; flex-wrap: wrap; gap: 0.5vh 2vw; min-width: 0; }
    .alerts.on { background: #b00020; border-color: #ffeb3b; font-weight: 700; }
    .alerts li { min-width: 0; overflow-wrap: anywhere; }
    .waiting-for-data { align-self: center; justify-self: center; font-size: clamp(18px, 3vw, 64px); color: #e8e8e8; }
  `;

  @state() private figures: WallboardFigures | null = null;
  @state() private liveAt = 0;
  @state() private connection: ConnectionState = "idle";
  @state() private ready = false;
  private readonly i18n = new I18n(wallboardLocale(location.search, savedLocale(), navigator.languages ?? [navigator.language]));
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
    onStateChange: (s) => (this.connection = s),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = this.i18n.locale;
    document.title = `${this.i18n.t("app.name")} · ${this.i18n.t("wallboard.title")}`;
    currentUser()
      .then((user) => {
        if (!user) return toLogin();
        const elsewhere = redirectFor(user, "supervisor");
        if (elsewhere) return location.replace(elsewhere);
        this.ready = true;
        this.socket.start();
      })
      .catch(() => toLogin());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.socket.stop();
  }

  private onFrame(frame: string): void {
    const event = parseServerEvent(frame);
    if (!event || event.type !== "kpi" || typeof event.live !== "object" || event.live === null) return;
    this.figures = wallboardFigures(event);
    this.liveAt = typeof event.live.at === "number" ? event.live.at : Date.now();
  }

  private tiles(f: WallboardFigures): Tile[] {
    const n = (v: number) => this.i18n.number(v);
    return [
      { kpi: "waiting", label: "wallboard.waiting", value: n(f.waiting), alert: "waiting" },
      { kpi: "oldest_wait", label: "wallboard.oldestWait", value: clockWait(f.oldestWaitMs), alert: "oldest_wait_ms" },
      { kpi: "service_level", label: "wallboard.serviceLevel", value: wholePercent(f.serviceLevel), alert: "service_level" },
      { kpi: "breached", label: "wallboard.breached", value: n(f.breached), alert: "breached" },
      { kpi: "agents_online", label: "wallboard.agentsOnline", value: n(f.agentsOnline), alert: null },
      { kpi: "agents_away", label: "wallboard.agentsAway", value: n(f.agentsAway), alert: null },
      { kpi: "answered", label: "wallboard.answered", value: n(f.answered), alert: null },
      { kpi: "abandoned", label: "wallboard.abandoned", value: n(f.abandoned), alert: null },
    ];
  }

  /** One alert in words, as the supervisor screen says it (kefu-alerts.ts). */
  private alertText(a: ActiveAlert): string {
    const t = this.i18n.t.bind(this.i18n);
    const n = (v: number) => this.i18n.number(v);
    switch (a.alert) {
      case "waiting":
        return t("alerts.on.waiting", { value: n(a.value), threshold: n(a.threshold) });
      case "oldest_wait_ms":
        return t("alerts.on.oldest", { value: clockWait(a.value), threshold: clockWait(a.threshold) });
      case "service_level":
        return t("alerts.on.serviceLevel", { value: wholePercent(a.value), threshold: wholePercent(a.threshold) });
      case "breached":
        return t("alerts.on.breached", { value: n(a.value), threshold: n(a.threshold) });
      default:
        return String((a as { alert: unknown }).alert);
    }
  }

  override render() {
    if (!this.ready) return nothing;
    const t = this.i18n.t.bind(this.i18n);
    const f = this.figures;
    const on = new Set((f?.alerts ?? []).map((a) => a.alert));
    return html`
      <main lang=${this.i18n.locale}>
        <header>
          <h1>${t("app.name")} · ${t("wallboard.title")}</h1>
          ${this.connection === "waiting"
            ? html`<span class="connection" role="status">${t("wallboard.reconnecting")}</span>`
            : this.connection !== "open"
              ? html`<span class="connection" role="status">${t("wallboard.connecting")}</span>`
              : nothing}
          ${this.liveAt ? html`<span class="updated">${t("wallboard.updated", { time: this.i18n.time(this.liveAt) })}</span>` : nothing}
        </header>
        ${f
          ? html`<section class="tiles" aria-label=${t("wallboard.title")}>
              ${this.tiles(f).map(
                (tile) => html`<div class="tile ${tile.alert && on.has(tile.alert) ? "alert" : ""}" data-kpi=${tile.kpi}>
                  <span class="label">${t(tile.label)}</span>
                  <span class="value">${tile.value}</span>
                </div>`,
              )}
            </section>
            <ul class="alerts ${f.alerts.length ? "on" : ""}" aria-label=${t("wallboard.alerts")} role="status">
              ${f.alerts.length
                ? f.alerts.map((a) => html`<li data-alert=${a.alert}>⚠ ${this.alertText(a)}</li>`)
                : html`<li class="none">${t("wallboard.noAlerts")}</li>`}
            </ul>`
          : html`<p class="waiting-for-data">${t("kpi.waitingForData")}</p>`}
      </main>
    `;
  }
}
