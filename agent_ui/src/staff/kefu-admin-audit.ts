import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n, MessageKey } from "../i18n/i18n";
import { listStaff } from "./admin_api";
import { readAudit, type AuditChange } from "./routing_api";
import { staffStyles } from "./staff_styles";

/**
 * The admin console's audit viewer: every configuration change (staff, teams, queues, hours,
 * SLA) newest first, with who made it, when, what it named, and the settings before and after;
 * filterable by kind of change.
 */
@customElement("kefu-admin-audit")
export class KefuAdminAudit extends LitElement {
  static override styles = [
    staffStyles,
    css`
      table { border-collapse: collapse; width: 100%; background: var(--paper); }
      th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
      code { white-space: pre-wrap; word-break: break-word; font-size: 12px; display: block; max-width: 40ch; }
      select { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @state() private changes: AuditChange[] | null = null;
  @state() private types: string[] = [];
  @state() private type = "";
  @state() private names = new Map<number, string>();
  @state() private problem: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    listStaff()
      .then((list) => (this.names = new Map(list.staff.map((m) => [m.id, m.name]))))
      .catch(() => {});
    void this.reload();
  }

  private t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return this.i18n.t(key, params);
  }

  private async reload(): Promise<void> {
    try {
      const answer = await readAudit(this.type);
      this.changes = answer.changes;
      this.types = answer.types;
    } catch {
      this.problem = this.t("audit.loadFailed");
    }
  }

  private who(id: number | null | undefined): string {
    if (id === null || id === undefined) return this.t("audit.system");
    return this.names.get(id) ?? `#${id}`;
  }

  private subject(change: AuditChange): string {
    if (change.data.subject) return change.data.subject;
    if (change.data.user !== undefined) return this.who(change.data.user);
    return "";
  }

  private settings(value: unknown) {
    if (value === undefined || (typeof value === "object" && value !== null && Object.keys(value).length === 0)) {
      return nothing;
    }
    return html`<code>${JSON.stringify(value, null, 1)}</code>`;
  }

  override render() {
    return html`
      <section lang=${this.i18n.locale} aria-label=${this.t("audit.title")}>
        <h2>${this.t("audit.title")}</h2>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        <label
          >${this.t("audit.filter")}
          <select
            name="type"
            @change=${(e: Event) => {
              this.type = (e.target as HTMLSelectElement).value;
              void this.reload();
            }}
          >
            <option value="">${this.t("audit.all")}</option>
            ${this.types.map((type) => html`<option value=${type} ?selected=${this.type === type}>${type}</option>`)}
          </select>
        </label>
        ${this.changes === null
          ? nothing
          : html`<table class="audit">
              <thead>
                <tr>
                  ${(["when", "who", "what", "subject", "before", "after"] as const).map(
                    (c) => html`<th scope="col">${this.t(`audit.col.${c}`)}</th>`,
                  )}
                </tr>
              </thead>
              <tbody>
                ${this.changes.map(
                  (c) => html`<tr data-type=${c.type}>
                    <td>${this.i18n.dateTime(c.at)}</td>
                    <td>${this.who(c.data.by)}</td>
                    <td>${c.type}</td>
                    <td>${this.subject(c)}</td>
                    <td>${this.settings(c.data.before)}</td>
                    <td>${this.settings(c.data.after)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      </section>
    `;
  }
}
