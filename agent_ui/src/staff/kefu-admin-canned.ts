import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n } from "../i18n/i18n";
import { HttpError } from "../net/http";
import type { CannedReply } from "../state/canned_replies";
import { createCannedReply, deleteCannedReply, fetchCannedReplies } from "./desk_api";
import { staffStyles } from "./staff_styles";

/**
 * Canned replies kept on the server, with a form to add one and a delete button: in the admin
 * console the shared ones (`scope` "shared": for everybody or a team, in zh or en), in the
 * agent console the agent's own (`scope` "personal"; fires `canned-changed` after a change). The server checks every
 * rule; a refusal is shown with its reason and changes nothing. Text only through Lit bindings.
 */
@customElement("kefu-admin-canned")
export class KefuAdminCanned extends LitElement {
  static override styles = [
    staffStyles,
    css`
      :host { display: block; margin-top: 24px; }
      table { border-collapse: collapse; width: 100%; }
      th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
      td.body { white-space: pre-wrap; overflow-wrap: anywhere; }
      form { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 8px; margin: 12px 0; align-items: end; }
      form label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
      form textarea { grid-column: 1 / -1; min-height: 60px; }
      input, select, textarea { border: 1px solid var(--line); border-radius: 6px; padding: 4px 6px; }
      .status { margin: 6px 0; }
      .status.error { color: var(--warn); }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property() scope: "shared" | "personal" = "shared";
  @state() private replies: CannedReply[] = [];
  @state() private status: { text: string; error: boolean } | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.replies = (await fetchCannedReplies()).filter((r) => r.scope === this.scope);
    } catch (error) {
      this.status = { text: this.reason(error), error: true };
    }
  }

  private reason(error: unknown): string {
    const code = error instanceof HttpError ? error.code : "other";
    return this.i18n.t("canned.admin.failed", { reason: this.i18n.error(code) });
  }

  private async add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    try {
      await createCannedReply({
        scope: this.scope,
        ...(this.scope === "shared" ? { team: field("team").trim() } : {}),
        locale: field("locale") === "zh" ? "zh" : "en",
        shortcut: field("shortcut").trim(),
        title: field("title").trim(),
        body: field("body"),
      });
      this.status = { text: this.i18n.t("canned.admin.added"), error: false };
      form.reset();
      await this.load();
      this.dispatchEvent(new CustomEvent("canned-changed", { bubbles: true, composed: true }));
    } catch (error) {
      this.status = { text: this.reason(error), error: true };
    }
  }

  private async removeReply(id: number): Promise<void> {
    try {
      await deleteCannedReply(id);
      await this.load();
      this.dispatchEvent(new CustomEvent("canned-changed", { bubbles: true, composed: true }));
    } catch (error) {
      this.status = { text: this.reason(error), error: true };
    }
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    return html`
      <h2>${this.scope === "shared" ? t("canned.admin.title") : t("canned.mine.title")}</h2>
      <form class="add-reply" @submit=${this.add}>
        <label>${t("canned.admin.shortcut")}<input name="shortcut" required maxlength="32" /></label>
        <label>${t("canned.admin.locale")}
          <select name="locale"><option value="zh">中文</option><option value="en">English</option></select></label>
        ${this.scope === "shared" ? html`<label>${t("canned.admin.team")}<input name="team" maxlength="64" /></label>` : nothing}
        <label>${t("canned.admin.titleField")}<input name="title" maxlength="100" /></label>
        <textarea name="body" required maxlength="4000" aria-label=${t("canned.admin.body")} placeholder=${t("canned.admin.body")}></textarea>
        <button class="primary" type="submit">${t("canned.admin.add")}</button>
      </form>
      ${this.status ? html`<p class="status ${this.status.error ? "error" : ""}" role="status">${this.status.text}</p>` : nothing}
      <table class="canned-replies">
        <thead><tr><th>/</th><th>${t("canned.admin.locale")}</th><th>${t("canned.admin.team")}</th><th>${t("canned.admin.titleField")}</th><th></th><th></th></tr></thead>
        <tbody>
          ${this.replies.map(
            (r) => html`<tr data-reply=${r.id}>
              <td>/${r.shortcut}</td>
              <td>${r.locale}</td>
              <td>${r.team || t("canned.admin.everybody")}</td>
              <td>${r.title}</td>
              <td class="body">${r.body}</td>
              <td><button class="delete" @click=${() => this.removeReply(r.id)}>${t("canned.admin.delete")}</button></td>
            </tr>`,
          )}
        </tbody>
      </table>
    `;
  }
}
