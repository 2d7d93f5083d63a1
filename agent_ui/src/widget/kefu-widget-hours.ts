import { LitElement, css, html, nothing } from "lit";
import type { I18n } from "../i18n/i18n";
import { requestJson } from "../net/http";
import { nextOpening, weekLines, type WidgetHours } from "./opening_hours";

/**
 * The widget's "we are closed" notice: asks the server whether the team that takes new chats
 * is open (GET /api/widget/hours) and, when it is not, shows when it opens again and its weekly
 * hours in its time zone, with a button to leave a message (event `leave-message`). Shows
 * nothing while open or when the server cannot say.
 */
export class KefuWidgetHours extends LitElement {
  static override styles = css`
    .closed { background: #eef2ff; color: #1e2a5a; padding: 8px 12px; display: flex; flex-direction: column; gap: 4px; font-size: 13px; }
    table { border-collapse: collapse; }
    td { padding: 0 8px 0 0; }
    button { align-self: flex-start; background: none; border: none; color: inherit; text-decoration: underline; cursor: pointer; padding: 0; font: inherit; }
  `;

  static override properties = {
    server: { type: String },
    i18n: { attribute: false },
    locale: { type: String },
    answer: { state: true },
  };

  server = location.origin;
  i18n!: I18n;
  /** The widget's locale: a change re-renders the notice in it. */
  locale = "";
  answer: WidgetHours | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    requestJson<WidgetHours>(new URL("/api/widget/hours", this.server).toString(), { credentials: "omit" })
      .then((answer) => (this.answer = answer))
      .catch(() => (this.answer = null));
  }

  override render() {
    const answer = this.answer;
    if (!answer || answer.open || !answer.hours) return nothing;
    const t = this.i18n.t.bind(this.i18n);
    const locale = this.i18n.locale;
    return html`<div class="closed" role="status" lang=${locale}>
      <strong>${t("widget.hours.closed")}</strong>
      <span
        >${answer.next_open === null
          ? t("widget.hours.noOpening")
          : t("widget.hours.opensAt", { when: nextOpening(answer.next_open, answer.hours, locale) })}</span
      >
      <table aria-label=${t("widget.hours.title", { zone: answer.hours.time_zone })}>
        ${weekLines(answer.hours, locale).map(
          (line) => html`<tr><td>${line.day}</td><td>${line.spans || t("widget.hours.closedDay")}</td></tr>`,
        )}
      </table>
      <span>${t("widget.hours.title", { zone: answer.hours.time_zone })}</span>
      <button class="leave-message" @click=${() => this.dispatchEvent(new CustomEvent("leave-message"))}>
        ${t("widget.offline.link")}
      </button>
    </div>`;
  }
}

if (!customElements.get("kefu-widget-hours")) customElements.define("kefu-widget-hours", KefuWidgetHours);
