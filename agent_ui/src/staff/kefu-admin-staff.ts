import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { CATALOG } from "../i18n/catalog";
import type { I18n, MessageKey } from "../i18n/i18n";
import { HttpError } from "../net/http";
import type { Role } from "../protocol/types";
import {
  deactivateStaff,
  inviteStaff,
  listStaff,
  parseSkills,
  reactivateStaff,
  resetPassword,
  signOutStaff,
  splitList,
  updateStaff,
  type StaffMember,
  type StaffProfile,
} from "./admin_api";
import { staffStyles } from "./staff_styles";

/** A one-time link to hand to a member, shown once after an invitation or a reset. */
interface IssuedLink {
  name: string;
  url: string;
}

/**
 * The admin console's staff section: the list (roles, teams, skills, languages, capacities,
 * status), inviting a member (showing their one-time link with a copy button), editing,
 * deactivating (after confirmation), password resets and forced sign-outs.
 */
@customElement("kefu-admin-staff")
export class KefuAdminStaff extends LitElement {
  static override styles = [
    staffStyles,
    css`
      table { border-collapse: collapse; width: 100%; background: var(--paper); }
      th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
      td.actions { display: flex; flex-wrap: wrap; gap: 4px; }
      form { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px; margin: 12px 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--paper); }
      label { display: flex; flex-direction: column; gap: 4px; }
      input, select { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
      .link { padding: 10px; border: 1px solid var(--accent); border-radius: 8px; margin: 12px 0; background: var(--paper); }
      .link code { word-break: break-all; display: block; margin: 6px 0; }
      .muted { color: var(--muted); }
      .deactivated { color: var(--muted); }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  /** The signed-in admin's id: they cannot deactivate themselves (the server refuses too). */
  @property({ attribute: false }) self = 0;
  @state() private staff: StaffMember[] = [];
  @state() private skills: string[] = [];
  @state() private roles: Role[] = ["agent", "supervisor", "admin"];
  @state() private loaded = false;
  @state() private problem: string | null = null;
  @state() private notice: string | null = null;
  @state() private editing: StaffMember | "new" | null = null;
  @state() private issued: IssuedLink | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  private t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return this.i18n.t(key, params);
  }

  private async reload(): Promise<void> {
    try {
      const list = await listStaff();
      this.staff = list.staff;
      this.skills = list.skills;
      this.roles = list.roles;
      this.loaded = true;
    } catch {
      this.problem = this.t("admin.loadFailed");
    }
  }

  private explain(error: unknown): string {
    const code = error instanceof HttpError ? error.code : "network";
    const key = `admin.error.${code}`;
    return key in CATALOG.en ? this.t(key as MessageKey) : this.t("admin.error.other", { code });
  }

  /** Runs an admin action, shows its outcome, and reloads the list. */
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

  private profileFrom(form: HTMLFormElement): StaffProfile {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    return {
      login: text("login") || undefined,
      name: text("name"),
      role: text("role") as Role,
      teams: splitList(text("teams")),
      skills: parseSkills(text("skills")),
      languages: splitList(text("languages")),
      chat_capacity: Number(text("chat_capacity")),
      ticket_capacity: Number(text("ticket_capacity")),
    };
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const profile = this.profileFrom(event.target as HTMLFormElement);
    const editing = this.editing;
    void this.act(async () => {
      if (editing === "new") {
        const answer = await inviteStaff(profile);
        this.issued = { name: answer.member.name, url: new URL(answer.invitation_url, location.origin).toString() };
      } else if (editing) {
        await updateStaff(editing.id, profile);
      }
      this.editing = null;
      return editing === "new" ? null : this.t("admin.saved");
    });
  }

  private deactivate(member: StaffMember): void {
    if (!confirm(this.t("admin.confirmDeactivate", { name: member.name }))) return;
    void this.act(async () => {
      await deactivateStaff(member.id);
      return null;
    });
  }

  private reset(member: StaffMember): void {
    if (!confirm(this.t("admin.confirmReset", { name: member.name }))) return;
    void this.act(async () => {
      const answer = await resetPassword(member.id);
      this.issued = { name: member.name, url: new URL(answer.reset_url, location.origin).toString() };
      return null;
    });
  }

  private reactivate(member: StaffMember): void {
    void this.act(async () => {
      const answer = await reactivateStaff(member.id);
      this.issued = { name: member.name, url: new URL(answer.reset_url, location.origin).toString() };
      return null;
    });
  }

  private signOut(member: StaffMember): void {
    void this.act(async () => {
      await signOutStaff(member.id);
      return this.t("admin.signedOut", { name: member.name });
    });
  }

  private async copy(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      this.notice = this.t("admin.copied");
    } catch {
      this.notice = null;
    }
  }

  private renderForm() {
    const m = this.editing === "new" ? null : this.editing;
    const skills = m ? m.skills.map((s) => `${s.name}:${s.level}`).join(", ") : "";
    return html`
      <form @submit=${this.submit} aria-label=${m ? this.t("admin.editing", { name: m.name }) : this.t("admin.new")}>
        ${m
          ? nothing
          : html`<label>${this.t("admin.field.login")}<input name="login" required autocomplete="off" /></label>`}
        <label>${this.t("admin.field.name")}<input name="name" required .value=${m?.name ?? ""} /></label>
        <label
          >${this.t("admin.field.role")}
          <select name="role">
            ${this.roles.map(
              (r) =>
                html`<option value=${r} ?selected=${(m?.role ?? "agent") === r}>${this.t(`admin.role.${r}` as MessageKey)}</option>`,
            )}
          </select>
        </label>
        <label>${this.t("admin.field.teams")}<input name="teams" .value=${m?.teams.join(", ") ?? ""} /></label>
        <label
          >${this.t("admin.field.skills")}<input name="skills" .value=${skills} />
          <span class="muted">${this.t("admin.skillsKnown", { skills: this.skills.join(", ") })}</span></label
        >
        <label>${this.t("admin.field.languages")}<input name="languages" .value=${m?.languages.join(", ") ?? ""} /></label>
        <label
          >${this.t("admin.field.chatCapacity")}<input name="chat_capacity" type="number" .value=${String(m?.chat_capacity ?? 3)}
        /></label>
        <label
          >${this.t("admin.field.ticketCapacity")}<input
            name="ticket_capacity"
            type="number"
            .value=${String(m?.ticket_capacity ?? 5)}
        /></label>
        <div>
          <button class="primary" type="submit">${m ? this.t("admin.save") : this.t("admin.invite")}</button>
          <button type="button" @click=${() => (this.editing = null)}>${this.t("admin.cancel")}</button>
        </div>
      </form>
    `;
  }

  private renderRow(m: StaffMember) {
    const active = m.status !== "deactivated";
    return html`
      <tr class=${active ? "" : "deactivated"} data-login=${m.login}>
        <td>${m.name}</td>
        <td>${m.login}</td>
        <td>${this.t(`admin.role.${m.role}` as MessageKey)}</td>
        <td>${m.teams.join(", ")}</td>
        <td>${m.skills.map((s) => `${s.name} ${s.level}`).join(", ")}</td>
        <td>${m.languages.join(", ")}</td>
        <td>${m.chat_capacity} / ${m.ticket_capacity}</td>
        <td>${this.t(`admin.status.${m.status}` as MessageKey)}</td>
        <td class="actions">
          ${active
            ? html`<button @click=${() => (this.editing = m)}>${this.t("admin.edit")}</button>
                <button @click=${() => this.reset(m)}>${this.t("admin.resetPassword")}</button>
                <button @click=${() => this.signOut(m)}>${this.t("admin.signOut")}</button>
                ${m.id === this.self
                  ? nothing
                  : html`<button @click=${() => this.deactivate(m)}>${this.t("admin.deactivate")}</button>`}`
            : html`<button class="reactivate" @click=${() => this.reactivate(m)}>${this.t("admin.reactivate")}</button>`}
        </td>
      </tr>
    `;
  }

  override render() {
    return html`
      <section lang=${this.i18n.locale} aria-label=${this.t("admin.staff")}>
        <h2>${this.t("admin.staff")}</h2>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        ${this.notice ? html`<p role="status">${this.notice}</p>` : nothing}
        ${this.issued
          ? html`<div class="link" role="status">
              ${this.t("admin.link", { name: this.issued.name })}
              <code class="one-time-link">${this.issued.url}</code>
              <button @click=${() => this.copy(this.issued!.url)}>${this.t("admin.copy")}</button>
            </div>`
          : nothing}
        ${this.editing
          ? this.renderForm()
          : html`<button class="primary" @click=${() => ((this.editing = "new"), (this.issued = null))}>
              ${this.t("admin.new")}
            </button>`}
        ${this.loaded
          ? html`<table>
              <thead>
                <tr>
                  ${(["name", "login", "role", "teams", "skills", "languages", "capacity", "status", "actions"] as const).map(
                    (c) => html`<th scope="col">${this.t(`admin.col.${c}`)}</th>`,
                  )}
                </tr>
              </thead>
              <tbody>
                ${this.staff.map((m) => this.renderRow(m))}
              </tbody>
            </table>`
          : html`<p class="muted">${this.t("admin.loading")}</p>`}
      </section>
    `;
  }
}
