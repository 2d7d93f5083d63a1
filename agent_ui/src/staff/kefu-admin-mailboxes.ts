import { html, css, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { CATALOG } from "../i18n/catalog";
import type { MessageKey } from "../i18n/i18n";
import { AdminPanel } from "./admin_panel";
import { addMailbox, listMailboxes, settingsFrom, updateMailbox, type Mailbox, type MailSecurity } from "./mailbox_api";
import { staffStyles } from "./staff_styles";

const SECURITIES: MailSecurity[] = ["starttls", "tls", "none"];

/**
 * The admin console's mailboxes section (the e-mail channel): the shop's mailboxes with their
 * queue, SMTP and IMAP servers and whether a password is set (never the password itself), and a
 * form to connect one or change it. The server validates everything; its typed errors are
 * explained in the admin's language.
 */
@customElement("kefu-admin-mailboxes")
export class KefuAdminMailboxes extends AdminPanel {
  static override styles = [
    staffStyles,
    css`
      table { border-collapse: collapse; width: 100%; background: var(--paper); }
      th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
      form { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px; margin: 12px 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--paper); }
      label { display: flex; flex-direction: column; gap: 4px; }
      input, select { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
      .muted { color: var(--muted); }
      code { word-break: break-all; }
    `,
  ];

  @state() private mailboxes: Mailbox[] = [];
  @state() private queues: string[] = [];
  @state() private loaded = false;
  @state() private notice: string | null = null;
  @state() private editing: Mailbox | "new" | null = null;

  protected override async load(): Promise<void> {
    try {
      const list = await listMailboxes();
      this.mailboxes = list.mailboxes;
      this.queues = list.queues;
      this.loaded = true;
    } catch {
      this.problem = this.t("mail.loadFailed");
    }
  }

  protected override explain(code: string): string {
    const key = `mail.error.${code}`;
    return key in CATALOG.en ? this.t(key as MessageKey) : this.t("mail.error.other", { code });
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const editing = this.editing;
    const settings = settingsFrom(new FormData(event.target as HTMLFormElement), editing !== "new");
    this.notice = null;
    void this.run(async () => {
      if (editing === "new") await addMailbox(settings);
      else if (editing) await updateMailbox(editing.id, settings);
      this.editing = null;
      this.notice = this.t("mail.saved");
    });
  }

  private renderForm() {
    const m = this.editing === "new" ? null : this.editing;
    const label = m ? this.t("mail.editing", { name: m.name }) : this.t("mail.new");
    return html`
      <form @submit=${this.submit} aria-label=${label}>
        <label>${this.t("mail.field.name")}<input name="name" required autocomplete="off" .value=${m?.name ?? ""} /></label>
        <label
          >${this.t("mail.field.address")}<input name="address" type="email" required .value=${m?.address ?? ""}
        /></label>
        <label>${this.t("mail.field.displayName")}<input name="display_name" .value=${m?.display_name ?? ""} /></label>
        <label
          >${this.t("mail.field.queue")}
          <select name="queue">
            ${this.queues.map((q) => html`<option value=${q} ?selected=${m?.queue === q}>${q}</option>`)}
          </select>
        </label>
        <label
          >${this.t("mail.field.security")}
          <select name="security">
            ${SECURITIES.map(
              (s) =>
                html`<option value=${s} ?selected=${(m?.security ?? "starttls") === s}>
                  ${this.t(`mail.security.${s}` as MessageKey)}
                </option>`,
            )}
          </select>
        </label>
        <label>${this.t("mail.field.smtpUrl")}<input name="smtp_url" required .value=${m?.smtp_url ?? ""} /></label>
        <label>${this.t("mail.field.imapUrl")}<input name="imap_url" .value=${m?.imap_url ?? ""} /></label>
        <label>${this.t("mail.field.imapFolder")}<input name="imap_folder" .value=${m?.imap_folder ?? "INBOX"} /></label>
        <label>${this.t("mail.field.login")}<input name="login" autocomplete="off" .value=${m?.login ?? ""} /></label>
        <label
          >${m ? this.t("mail.field.passwordKeep") : this.t("mail.field.password")}<input
            name="password"
            type="password"
            autocomplete="new-password"
        /></label>
        <div>
          <button class="primary" type="submit">${m ? this.t("mail.save") : this.t("mail.add")}</button>
          <button type="button" @click=${() => (this.editing = null)}>${this.t("mail.cancel")}</button>
        </div>
      </form>
    `;
  }

  private renderRow(m: Mailbox) {
    return html`
      <tr data-name=${m.name}>
        <td>${m.name}</td>
        <td>${m.display_name ? `${m.display_name} <${m.address}>` : m.address}</td>
        <td>${m.queue}</td>
        <td><code>${m.smtp_url}</code> · ${this.t(`mail.security.${m.security}` as MessageKey)}</td>
        <td>${m.imap_url ? html`<code>${m.imap_url}</code> · ${m.imap_folder}` : html`<span class="muted">${this.t("mail.imapNone")}</span>`}</td>
        <td>${m.password_set ? this.t("mail.passwordSet") : this.t("mail.passwordNotSet")}</td>
        <td><button @click=${() => (this.editing = m)}>${this.t("mail.edit")}</button></td>
      </tr>
    `;
  }

  override render() {
    const columns = ["name", "address", "queue", "smtp", "imap", "password", "actions"] as const;
    return html`
      <section lang=${this.i18n.locale} aria-label=${this.t("mail.mailboxes")}>
        <h2>${this.t("mail.mailboxes")}</h2>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        ${this.notice ? html`<p role="status">${this.notice}</p>` : nothing}
        ${this.editing
          ? this.renderForm()
          : html`<button class="primary new-mailbox" @click=${() => (this.editing = "new")}>${this.t("mail.new")}</button>`}
        ${!this.loaded
          ? html`<p class="muted">${this.t("mail.loading")}</p>`
          : this.mailboxes.length === 0
            ? html`<p class="muted">${this.t("mail.none")}</p>`
            : html`<table>
                <thead>
                  <tr>
                    ${columns.map((c) => html`<th scope="col">${this.t(`mail.col.${c}`)}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${this.mailboxes.map((m) => this.renderRow(m))}
                </tbody>
              </table>`}
      </section>
    `;
  }
}
