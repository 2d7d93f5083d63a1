import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { CATALOG } from "../i18n/catalog";
import type { I18n, MessageKey } from "../i18n/i18n";
import { HttpError } from "../net/http";
import {
  createQueueSla,
  readRouting,
  readSla,
  removeQueueSla,
  saveSla,
  type SlaChannel,
  type QueueSlaPolicy,
  type SlaOverview,
  type SlaPriority,
} from "./routing_api";
import { staffStyles } from "./staff_styles";

/**
 * The admin console's SLA policies: per channel the first response, next response and
 * resolution targets, in calendar or business time, and what each judge of time (service level,
 * quality score, supervisor's list) uses now, read back from the server after each save; then
 * the queues' own policies (for every customer priority or for one), which override their
 * channel's, added and removed here.
 */
@customElement("kefu-admin-sla")
export class KefuAdminSla extends LitElement {
  static override styles = [
    staffStyles,
    css`
      form { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px; margin: 12px 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--paper); }
      label { display: flex; flex-direction: column; gap: 4px; }
      input, select { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
      .muted { color: var(--muted); }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @state() private overview: SlaOverview | null = null;
  @state() private problem: string | null = null;
  @state() private notice: string | null = null;
  /** The live queues a policy can name (the built-in ones and the admin's). */
  @state() private queues: string[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  private t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return this.i18n.t(key, params);
  }

  private async reload(): Promise<void> {
    try {
      this.overview = await readSla();
      const setup = await readRouting();
      this.queues = [...setup.built_in, ...setup.queues.filter((q) => q.retired_at === null).map((q) => q.name)];
    } catch {
      this.problem = this.t("sla.loadFailed");
    }
  }

  private refuse(error: unknown): void {
    const code = error instanceof HttpError ? error.code : "network";
    const key = `routing.error.${code}`;
    this.problem = key in CATALOG.en ? this.t(key as MessageKey) : this.t("admin.error.other", { code });
  }

  private addQueuePolicy(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const number = (name: string) => Number(String(data.get(name) ?? "").trim());
    const priority = String(data.get("priority") ?? "");
    this.problem = null;
    this.notice = null;
    createQueueSla({
      queue: String(data.get("queue") ?? ""),
      priority: priority === "" ? null : (priority as SlaPriority),
      first_response_seconds: number("first_response_seconds"),
      next_response_seconds: number("next_response_seconds"),
      resolution_seconds: number("resolution_seconds"),
      time: String(data.get("time")) === "business" ? "business" : "calendar",
    })
      .then(async () => {
        this.notice = this.t("admin.saved");
        await this.reload();
      })
      .catch((error: unknown) => this.refuse(error));
  }

  private removeQueuePolicy(policy: QueueSlaPolicy): void {
    this.problem = null;
    this.notice = null;
    removeQueueSla(policy)
      .then(async () => {
        this.notice = this.t("admin.saved");
        await this.reload();
      })
      .catch((error: unknown) => this.refuse(error));
  }

  private renderQueuePolicies() {
    const overview = this.overview!;
    const priorityName = (p: SlaPriority | null) => this.t(p ? `sla.priority.${p}` : "sla.priority.any");
    const field = (name: "first_response_seconds" | "next_response_seconds" | "resolution_seconds") =>
      html`<label>${this.t(`sla.field.${name}`)}<input name=${name} type="number" min="1" required /></label>`;
    return html`
      <h3>${this.t("sla.queues.title")}</h3>
      <p class="muted">${this.t("sla.queues.intro")}</p>
      ${overview.queue_policies.length === 0
        ? html`<p class="muted queue-policies-none">${this.t("sla.queues.none")}</p>`
        : html`<table class="queue-policies">
            <thead>
              <tr>
                <th>${this.t("sla.queues.queue")}</th><th>${this.t("sla.queues.priority")}</th>
                <th>${this.t("sla.queues.targets")}</th><th>${this.t("sla.field.time")}</th><th></th>
              </tr>
            </thead>
            <tbody>
              ${overview.queue_policies.map(
                (p) => html`<tr data-key=${p.key}>
                  <td>${p.queue}</td>
                  <td>${priorityName(p.priority)}</td>
                  <td>${this.t("sla.seconds", { first: p.first_response_seconds, next: p.next_response_seconds, resolution: p.resolution_seconds })}</td>
                  <td>${this.t(`sla.time.${p.time}`)}</td>
                  <td><button type="button" aria-label=${this.t("sla.queues.removeLabel", { key: p.key })} @click=${() => this.removeQueuePolicy(p)}>${this.t("sla.queues.remove")}</button></td>
                </tr>`,
              )}
            </tbody>
          </table>`}
      <form class="sla-form sla-queue-form" @submit=${(e: SubmitEvent) => this.addQueuePolicy(e)}>
        <label
          >${this.t("sla.queues.queue")}
          <select name="queue">${this.queues.map((q) => html`<option value=${q}>${q}</option>`)}</select>
        </label>
        <label
          >${this.t("sla.queues.priority")}
          <select name="priority">
            <option value="">${this.t("sla.priority.any")}</option>
            ${overview.priorities.map((p) => html`<option value=${p}>${priorityName(p)}</option>`)}
          </select>
        </label>
        ${field("first_response_seconds")} ${field("next_response_seconds")} ${field("resolution_seconds")}
        <label
          >${this.t("sla.field.time")}
          <select name="time">
            ${(["calendar", "business"] as const).map((m) => html`<option value=${m}>${this.t(`sla.time.${m}`)}</option>`)}
          </select>
        </label>
        <div><button class="primary" type="submit">${this.t("sla.queues.add")}</button></div>
      </form>
    `;
  }

  private submit(channel: SlaChannel, event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const number = (name: string) => Number(String(data.get(name) ?? "").trim());
    this.problem = null;
    this.notice = null;
    saveSla({
      channel,
      first_response_seconds: number("first_response_seconds"),
      next_response_seconds: number("next_response_seconds"),
      resolution_seconds: number("resolution_seconds"),
      time: String(data.get("time")) === "business" ? "business" : "calendar",
    })
      .then(async () => {
        this.notice = this.t("admin.saved");
        await this.reload();
      })
      .catch((error: unknown) => this.refuse(error));
  }

  private renderChannel(channel: SlaChannel) {
    const p = this.overview!.policies[channel];
    const used = this.overview!.in_use[channel];
    if (!p || !used) return nothing;  // a server without this channel's policy
    const field = (name: "first_response_seconds" | "next_response_seconds" | "resolution_seconds") =>
      html`<label>${this.t(`sla.field.${name}`)}<input name=${name} type="number" .value=${String(p[name])} /></label>`;
    return html`
      <form class=${`sla-form sla-${channel}`} @submit=${(e: SubmitEvent) => this.submit(channel, e)}>
        <h3>${this.t(`routing.channel.${channel}`)}</h3>
        ${field("first_response_seconds")} ${field("next_response_seconds")} ${field("resolution_seconds")}
        <label
          >${this.t("sla.field.time")}
          <select name="time">
            ${(["calendar", "business"] as const).map(
              (m) => html`<option value=${m} ?selected=${p.time === m}>${this.t(`sla.time.${m}`)}</option>`,
            )}
          </select>
        </label>
        <p class="muted in-use">
          ${this.t("sla.inUse", {
            service: used.service_level_ms / 1000,
            quality: used.quality_first_response_target_ms / 1000,
            supervisor: used.supervisor_ms / 1000,
          })}
        </p>
        <div><button class="primary" type="submit">${this.t("admin.save")}</button></div>
      </form>
    `;
  }

  override render() {
    return html`
      <section lang=${this.i18n.locale} aria-label=${this.t("sla.title")}>
        <h2>${this.t("sla.title")}</h2>
        <p class="muted">${this.t("sla.intro")}</p>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        ${this.notice ? html`<p role="status">${this.notice}</p>` : nothing}
        ${this.overview ? [...(["chat", "ticket", "email"] as const).map((c) => this.renderChannel(c)), this.renderQueuePolicies()] : nothing}
      </section>
    `;
  }
}
