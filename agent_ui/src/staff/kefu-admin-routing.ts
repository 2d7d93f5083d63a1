import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { CATALOG } from "../i18n/catalog";
import type { I18n, MessageKey } from "../i18n/i18n";
import { HttpError } from "../net/http";
import { listStaff, splitList, type StaffMember } from "./admin_api";
import {
  createQueue,
  createTeam,
  parseDates,
  parseSpans,
  readRouting,
  retireQueue,
  retireTargets,
  SEGMENTS,
  setTeamHours,
  setTeamMembers,
  updateQueue,
  WEEKDAYS,
  type Queue,
  type QueueSettings,
  type RoutingSetup,
} from "./routing_api";
import { staffStyles } from "./staff_styles";

/**
 * The admin console's teams and queues: teams with their members (each member's skills,
 * languages and capacities shown from their staff profile), queues with their rules and how
 * many wait in each, a form to create or edit a queue, and retiring a queue after saying where
 * those waiting go. Every change is live on the server.
 */
@customElement("kefu-admin-routing")
export class KefuAdminRouting extends LitElement {
  static override styles = [
    staffStyles,
    css`
      table { border-collapse: collapse; width: 100%; background: var(--paper); margin-bottom: 12px; }
      th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
      form { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px; margin: 12px 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--paper); }
      label { display: flex; flex-direction: column; gap: 4px; }
      label.inline { flex-direction: row; align-items: center; }
      input, select { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
      fieldset { border: 1px solid var(--line); border-radius: 6px; }
      .muted { color: var(--muted); }
      .retired { color: var(--muted); }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @state() private setup: RoutingSetup | null = null;
  @state() private staff: StaffMember[] = [];
  @state() private problem: string | null = null;
  @state() private notice: string | null = null;
  @state() private editingQueue: Queue | "new" | null = null;
  @state() private editingTeam: string | "new" | null = null;
  @state() private retiring: Queue | null = null;
  @state() private editingHours: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  private t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return this.i18n.t(key, params);
  }

  private async reload(): Promise<void> {
    try {
      const [setup, staff] = await Promise.all([readRouting(), listStaff()]);
      this.setup = setup;
      this.staff = staff.staff.filter((m) => m.status !== "deactivated");
    } catch {
      this.problem = this.t("routing.loadFailed");
    }
  }

  private explain(error: unknown): string {
    const code = error instanceof HttpError ? error.code : "network";
    const key = `routing.error.${code}`;
    return key in CATALOG.en ? this.t(key as MessageKey) : this.t("admin.error.other", { code });
  }

  private async act(action: () => Promise<string | null>): Promise<void> {
    this.problem = null;
    this.notice = null;
    try {
      this.notice = await action();
      await this.reload();
    } catch (error) {
      this.problem = this.explain(error);
    }
  }

  private memberName(id: number): string {
    return this.staff.find((m) => m.id === id)?.name ?? `#${id}`;
  }

  private submitTeam(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const members = data.getAll("member").map((v) => Number(v));
    const editing = this.editingTeam;
    void this.act(async () => {
      if (editing === "new") {
        await createTeam({ name: String(data.get("name") ?? "").trim(), members });
      } else if (editing) {
        await setTeamMembers(editing, members);
      }
      this.editingTeam = null;
      return this.t("admin.saved");
    });
  }

  private queueFrom(form: HTMLFormElement): QueueSettings {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    return {
      name: text("name"),
      channel: text("channel") === "ticket" ? "ticket" : "chat",
      team: text("team"),
      skill: text("skill"),
      min_level: Number(text("min_level")),
      language: text("language"),
      priority: Number(text("priority")),
      segment: text("segment"),
      overflow: {
        after_seconds: Number(text("overflow_after")),
        skills: splitList(text("overflow_skills")),
        min_level: 0,
        any_language: data.get("overflow_any_language") !== null,
      },
      offer_mode: text("offer_mode") === "offer" ? "offer" : "assign",
      offer_timeout_seconds: Number(text("offer_timeout")),
    };
  }

  private submitQueue(event: SubmitEvent): void {
    event.preventDefault();
    const queue = this.queueFrom(event.target as HTMLFormElement);
    const editing = this.editingQueue;
    void this.act(async () => {
      if (editing === "new") {
        await createQueue(queue);
      } else if (editing) {
        await updateQueue(editing.name, queue);
      }
      this.editingQueue = null;
      return this.t("admin.saved");
    });
  }

  private submitRetire(event: SubmitEvent): void {
    event.preventDefault();
    const queue = this.retiring;
    if (!queue) return;
    const moveTo = String(new FormData(event.target as HTMLFormElement).get("move_to") ?? "");
    void this.act(async () => {
      const answer = await retireQueue(queue.name, moveTo);
      this.retiring = null;
      return this.t("routing.retired", { name: queue.name, count: answer.moved.length, target: moveTo });
    });
  }

  private submitHours(event: SubmitEvent): void {
    event.preventDefault();
    const team = this.editingHours;
    if (!team) return;
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const week: Record<string, [string, string][]> = {};
    for (const day of WEEKDAYS) week[day] = parseSpans(text(`day_${day}`));
    void this.act(async () => {
      await setTeamHours(team, {
        time_zone: text("time_zone"),
        week,
        holidays: parseDates(text("holidays")),
        working_days: parseDates(text("working_days")),
      });
      this.editingHours = null;
      return this.t("admin.saved");
    });
  }

  private renderHoursForm(team: string) {
    const hours = this.setup?.hours[team];
    const days = new Intl.DateTimeFormat(this.i18n.locale, { weekday: "long", timeZone: "UTC" });
    return html`
      <form class="hours-form" @submit=${this.submitHours} aria-label=${this.t("routing.hoursOf", { team })}>
        <label>${this.t("routing.field.timeZone")}<input name="time_zone" .value=${hours?.time_zone ?? "Asia/Shanghai"} /></label>
        ${WEEKDAYS.map(
          (day, i) =>
            html`<label
              >${days.format(new Date(Date.UTC(2024, 0, 1 + i)))}<input
                name=${`day_${day}`}
                placeholder="09:00-18:00"
                .value=${(hours?.week[day] ?? (hours ? [] : i < 5 ? [["09:00", "18:00"]] : [])).map(([a, b]) => `${a}-${b}`).join(", ")}
            /></label>`,
        )}
        <label
          >${this.t("routing.field.holidays")}<textarea name="holidays" rows="4" .value=${hours?.holidays.join("\n") ?? ""}></textarea
        ></label>
        <label
          >${this.t("routing.field.workingDays")}<textarea name="working_days" rows="4" .value=${hours?.working_days.join("\n") ?? ""}></textarea
        ></label>
        <p class="muted">${this.t("routing.hoursHelp")}</p>
        <div>
          <button class="primary" type="submit">${this.t("admin.save")}</button>
          <button type="button" @click=${() => (this.editingHours = null)}>${this.t("admin.cancel")}</button>
        </div>
      </form>
    `;
  }

  private hoursSummary(team: string): string {
    const hours = this.setup?.hours[team];
    if (!hours) return this.t("routing.alwaysOpen");
    const open = WEEKDAYS.filter((d) => (hours.week[d] ?? []).length > 0).length;
    return this.t("routing.hoursSummary", { zone: hours.time_zone, days: open, holidays: hours.holidays.length });
  }

  private renderTeamForm() {
    const name = this.editingTeam === "new" ? null : this.editingTeam;
    const members = new Set(this.setup?.teams.find((t) => t.name === name)?.members ?? []);
    return html`
      <form class="team-form" @submit=${this.submitTeam} aria-label=${name ? this.t("routing.editTeam", { name }) : this.t("routing.newTeam")}>
        ${name ? nothing : html`<label>${this.t("routing.field.teamName")}<input name="name" required /></label>`}
        <fieldset>
          <legend>${this.t("routing.field.members")}</legend>
          ${this.staff.map(
            (m) => html`<label class="inline"
              ><input type="checkbox" name="member" value=${String(m.id)} ?checked=${members.has(m.id)} />${m.name}
              <span class="muted">${m.skills.map((s) => `${s.name} ${s.level}`).join(", ")}</span></label
            >`,
          )}
        </fieldset>
        <div>
          <button class="primary" type="submit">${this.t("admin.save")}</button>
          <button type="button" @click=${() => (this.editingTeam = null)}>${this.t("admin.cancel")}</button>
        </div>
      </form>
    `;
  }

  private renderQueueForm() {
    const q = this.editingQueue === "new" ? null : this.editingQueue;
    const setup = this.setup!;
    const number = (name: string, label: MessageKey, value: number) =>
      html`<label>${this.t(label)}<input name=${name} type="number" .value=${String(value)} /></label>`;
    return html`
      <form class="queue-form" @submit=${this.submitQueue} aria-label=${q ? this.t("routing.editQueue", { name: q.name }) : this.t("routing.newQueue")}>
        <label>${this.t("routing.field.name")}<input name="name" required ?readonly=${q !== null} .value=${q?.name ?? ""} /></label>
        <label
          >${this.t("routing.field.channel")}
          <select name="channel" ?disabled=${q !== null}>
            ${(["chat", "ticket"] as const).map(
              (c) => html`<option value=${c} ?selected=${(q?.channel ?? "chat") === c}>${this.t(`routing.channel.${c}`)}</option>`,
            )}
          </select>
          ${q ? html`<input type="hidden" name="channel" .value=${q.channel} />` : nothing}
        </label>
        <label
          >${this.t("routing.field.team")}
          <select name="team">
            <option value="">—</option>
            ${setup.teams.map((t) => html`<option value=${t.name} ?selected=${q?.team === t.name}>${t.name}</option>`)}
          </select>
        </label>
        <label
          >${this.t("routing.field.skill")}
          <select name="skill">
            ${setup.skills.map((s) => html`<option value=${s} ?selected=${q?.skill === s}>${s}</option>`)}
          </select>
        </label>
        ${number("min_level", "routing.field.minLevel", q?.min_level ?? 1)}
        <label>${this.t("routing.field.language")}<input name="language" .value=${q?.language ?? ""} /></label>
        ${number("priority", "routing.field.priority", q?.priority ?? 0)}
        <label
          >${this.t("routing.field.segment")}
          <select name="segment">
            ${SEGMENTS.map(
              (s) => html`<option value=${s} ?selected=${(q?.segment ?? "") === s}>${this.t(`routing.segment.${s || "any"}` as MessageKey)}</option>`,
            )}
          </select>
        </label>
        ${number("overflow_after", "routing.field.overflowAfter", q?.overflow.after_seconds ?? 0)}
        <label>${this.t("routing.field.overflowSkills")}<input name="overflow_skills" .value=${q?.overflow.skills.join(", ") ?? ""} /></label>
        <label class="inline"
          ><input type="checkbox" name="overflow_any_language" ?checked=${q?.overflow.any_language ?? false} />${this.t(
            "routing.field.overflowAnyLanguage",
          )}</label
        >
        <label
          >${this.t("routing.field.offerMode")}
          <select name="offer_mode">
            ${(["assign", "offer"] as const).map(
              (m) => html`<option value=${m} ?selected=${(q?.offer_mode ?? "assign") === m}>${this.t(`routing.offer.${m}`)}</option>`,
            )}
          </select>
        </label>
        ${number("offer_timeout", "routing.field.offerTimeout", q?.offer_timeout_seconds ?? 30)}
        <div>
          <button class="primary" type="submit">${this.t("admin.save")}</button>
          <button type="button" @click=${() => (this.editingQueue = null)}>${this.t("admin.cancel")}</button>
        </div>
      </form>
    `;
  }

  private renderRetire(queue: Queue) {
    const targets = retireTargets(this.setup!, queue);
    const waiting = this.setup!.waiting[queue.name] ?? 0;
    return html`
      <form class="retire-form" @submit=${this.submitRetire} aria-label=${this.t("routing.retireQueue", { name: queue.name })}>
        <p>${this.t("routing.retireExplain", { name: queue.name, count: waiting })}</p>
        <label
          >${this.t("routing.field.moveTo")}
          <select name="move_to">
            ${targets.map((name) => html`<option value=${name}>${name}</option>`)}
          </select>
        </label>
        <div>
          <button class="primary" type="submit">${this.t("routing.retire")}</button>
          <button type="button" @click=${() => (this.retiring = null)}>${this.t("admin.cancel")}</button>
        </div>
      </form>
    `;
  }

  private renderQueueRow(q: Queue) {
    const live = q.retired_at === null;
    const setup = this.setup!;
    return html`
      <tr class=${live ? "" : "retired"} data-queue=${q.name}>
        <td>${q.name}</td>
        <td>${this.t(`routing.channel.${q.channel}`)}</td>
        <td>${q.team}</td>
        <td>${q.skill} ≥ ${q.min_level}${q.language ? ` · ${q.language}` : ""}</td>
        <td>${q.priority}${q.segment ? ` · ${this.t(`routing.segment.${q.segment}` as MessageKey)}` : ""}</td>
        <td>${q.overflow.after_seconds > 0 ? this.t("routing.overflowAfter", { seconds: q.overflow.after_seconds }) : "—"}</td>
        <td>${q.offer_mode === "offer" ? this.t("routing.offerFor", { seconds: q.offer_timeout_seconds }) : this.t("routing.offer.assign")}</td>
        <td class="waiting">${live ? (setup.waiting[q.name] ?? 0) : this.t("routing.retiredTo", { target: q.moved_to ?? "" })}</td>
        <td>
          ${live
            ? html`<button @click=${() => ((this.editingQueue = q), (this.retiring = null))}>${this.t("admin.edit")}</button>
                <button @click=${() => ((this.retiring = q), (this.editingQueue = null))}>${this.t("routing.retire")}</button>`
            : nothing}
        </td>
      </tr>
    `;
  }

  override render() {
    const setup = this.setup;
    return html`
      <section lang=${this.i18n.locale} aria-label=${this.t("routing.title")}>
        <h2>${this.t("routing.teams")}</h2>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        ${this.notice ? html`<p role="status">${this.notice}</p>` : nothing}
        ${setup === null
          ? html`<p class="muted">${this.t("routing.loading")}</p>`
          : html`
              ${this.editingHours !== null ? this.renderHoursForm(this.editingHours) : nothing}
              ${this.editingTeam !== null
                ? this.renderTeamForm()
                : html`<button class="primary new-team" @click=${() => (this.editingTeam = "new")}>${this.t("routing.newTeam")}</button>`}
              <table class="teams">
                <thead>
                  <tr>
                    <th scope="col">${this.t("routing.col.team")}</th>
                    <th scope="col">${this.t("routing.col.members")}</th>
                    <th scope="col">${this.t("routing.col.hours")}</th>
                    <th scope="col">${this.t("admin.col.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  ${setup.teams.map(
                    (team) => html`<tr data-team=${team.name}>
                      <td>${team.name}</td>
                      <td>${team.members.map((id) => this.memberName(id)).join(", ")}</td>
                      <td class="hours">${this.hoursSummary(team.name)}</td>
                      <td>
                        <button @click=${() => (this.editingTeam = team.name)}>${this.t("admin.edit")}</button>
                        <button class="edit-hours" @click=${() => (this.editingHours = team.name)}>${this.t("routing.editHours")}</button>
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>
              <h2>${this.t("routing.queues")}</h2>
              <p class="muted">${this.t("routing.builtIn", { general: setup.waiting["general"] ?? 0, tickets: setup.waiting["tickets"] ?? 0 })}</p>
              ${this.editingQueue !== null
                ? this.renderQueueForm()
                : html`<button class="primary new-queue" @click=${() => ((this.editingQueue = "new"), (this.retiring = null))}>
                    ${this.t("routing.newQueue")}
                  </button>`}
              ${this.retiring ? this.renderRetire(this.retiring) : nothing}
              <table class="queues">
                <thead>
                  <tr>
                    ${(["name", "channel", "team", "skill", "priority", "overflow", "offer", "waiting", "actions"] as const).map(
                      (c) => html`<th scope="col">${this.t(`routing.col.${c}`)}</th>`,
                    )}
                  </tr>
                </thead>
                <tbody>
                  ${setup.queues.map((q) => this.renderQueueRow(q))}
                </tbody>
              </table>
            `}
      </section>
    `;
  }
}
