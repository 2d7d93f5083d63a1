import { html, nothing } from "lit";
import type { AgentStatus } from "../protocol/types";
import { describeProblem, type ConsoleParts } from "./console_parts";
import { askForDesktopNotifications, type MessageAlerts } from "./message_alerts";
import { logoutAndLeave } from "./staff_api";

// The agent console's top bar: who I am, my availability (online / away / offline, set on the
// server), the language switch, the mute of the message alerts and signing out, which asks first
// while conversations are still assigned to me.

const STATUSES: AgentStatus[] = ["online", "away", "offline"];

/** The top bar and the sign-out warning it may open. */
export class ConsoleTopbar {
  /** Open conversations to confirm before signing out (null: not asked). */
  private leaving: number | null = null;

  constructor(
    private readonly parts: ConsoleParts,
    private readonly alerts: MessageAlerts,
  ) {}

  render() {
    const i18n = this.parts.i18n;
    const t = i18n.t.bind(i18n);
    const state = this.parts.session.state;
    const connection = this.parts.session.connectionState;
    return html`
      <div class="topbar" lang=${i18n.locale}>
        <span class="brand">${t("app.name")} · ${t("console.title")}</span>
        <span class="spacer"></span>
        ${state.user ? html`<span class="who">${state.user.name}</span>` : nothing}
        <label
          >${t("status.label")}
          <select
            class="status"
            .value=${state.agentStatus ?? "offline"}
            ?disabled=${connection !== "open"}
            @change=${this.changeStatus}
          >
            ${STATUSES.map(
              (s) => html`<option value=${s} ?selected=${s === state.agentStatus}>${t(`status.${s}`)}</option>`,
            )}
          </select></label
        >
        <button @click=${() => {
          i18n.toggle();
          document.dispatchEvent(new Event("kefu-locale"));
        }}>${t("lang.switch")}</button>
        <button
          class="mute"
          aria-pressed=${this.alerts.muted ? "true" : "false"}
          title=${this.alerts.muted ? t("alerts.muted") : t("alerts.on")}
          @click=${this.toggleAlerts}
        >${this.alerts.muted ? "🔕" : "🔔"} ${this.alerts.muted ? t("alerts.muted") : t("alerts.on")}</button>
        <button class="logout" @click=${this.signOut}>${t("logout")}</button>
      </div>
    `;
  }

  /** The warning before signing out with conversations still open, while it is asked. */
  renderLeaving() {
    if (this.leaving === null) return nothing;
    const t = this.parts.i18n.t.bind(this.parts.i18n);
    return html`<div class="notice leaving" role="alertdialog" aria-label=${t("logout.openTitle")}>
      <span>${t("logout.open", { count: this.leaving })}</span>
      <button class="stay" @click=${() => this.setLeaving(null)}>${t("logout.stay")}</button>
      <button class="leave" @click=${() => logoutAndLeave()}>${t("logout.anyway")}</button>
    </div>`;
  }

  private setLeaving(open: number | null): void {
    this.leaving = open;
    this.parts.requestUpdate();
  }

  private readonly changeStatus = async (event: Event): Promise<void> => {
    const select = event.target as HTMLSelectElement;
    const wanted = select.value as AgentStatus;
    const session = this.parts.session;
    try {
      this.parts.setProblem(null);
      await session.setStatus(wanted);
      session.state.agentStatus = wanted;
    } catch (error) {
      this.parts.setProblem(describeProblem(this.parts.i18n, error));
      select.value = session.state.agentStatus ?? "offline";
    }
    this.parts.requestUpdate();
  };

  private readonly toggleAlerts = () => {
    this.alerts.setMuted(!this.alerts.muted);
    if (!this.alerts.muted) askForDesktopNotifications();
    this.parts.requestUpdate();
  };

  /** Signs out, after a warning when conversations are still open. */
  private readonly signOut = () => {
    const open = this.parts.session.state.conversations().filter((c) => c.summary?.status === "assigned").length;
    if (open > 0 && this.leaving === null) {
      this.setLeaving(open);
      return;
    }
    void logoutAndLeave();
  };
}
