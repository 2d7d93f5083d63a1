import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import type { I18n } from "../i18n/i18n";
import { INBOX_VIEWS, type InboxConversation, type InboxPage, type InboxViewName } from "../protocol/types";
import { fetchInbox, type InboxFilters } from "./desk_api";
import { staffStyles } from "./staff_styles";

const REFRESH_MS = 15_000;
const PAGE = 50;

/**
 * The console's inbox: the views of GET /api/conversations (Mine, Unassigned, Team, Resolved,
 * Mentions) as tabs with their counts, a search box and channel / SLA filters. Without a search
 * or filter, Mine shows the live list the console slots in (`slot="live"`); every other case
 * lists the server's page. Picking a conversation fires `open-conversation` with its id. Text is
 * rendered only through Lit text bindings.
 */
@customElement("kefu-inbox")
export class KefuInbox extends LitElement {
  static override styles = [
    staffStyles,
    css`
      :host { display: block; }
      .tabs { display: flex; flex-wrap: wrap; gap: 4px; padding: 8px 10px 4px; }
      .tabs button { padding: 3px 8px; font-size: 12px; border-radius: 12px; }
      .tabs button[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
      /* Room for three digits whether the count is known yet or not: the counts arriving or
         changing never re-wrap the tabs, so the list below never jumps under the agent's pointer. */
      .count { display: inline-block; min-width: 3ch; margin-left: 4px; font-weight: 600; font-variant-numeric: tabular-nums; text-align: start; }
      .filters { display: flex; flex-wrap: wrap; gap: 4px; padding: 4px 10px 8px; }
      .filters input { flex: 1 1 100%; border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; }
      .filters select { flex: 1; border: 1px solid var(--line); border-radius: 6px; padding: 2px 4px; font-size: 12px; }
      ul { list-style: none; margin: 0; padding: 0; }
      li button { width: 100%; text-align: left; border: none; border-bottom: 1px solid var(--line); border-radius: 0; background: transparent; padding: 8px 14px; display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; }
      li button[aria-current="true"] { background: var(--paper); box-shadow: inset 3px 0 0 var(--accent); }
      .name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .preview { grid-column: 1 / -1; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .facts { grid-column: 1 / -1; font-size: 12px; color: var(--muted); display: flex; gap: 8px; flex-wrap: wrap; }
      .sla-breached { color: var(--warn); font-weight: 600; }
      .sla-at_risk { color: #7a5200; font-weight: 600; }
      .empty, .failed { padding: 0 14px; color: var(--muted); }
      .more { margin: 8px 14px; }
      li button.pick-up { width: auto; display: inline-block; margin: 4px 14px 8px; padding: 3px 12px; border: 1px solid var(--accent); border-radius: 12px; color: var(--accent); background: var(--paper); font-weight: 600; }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property() locale = "";
  /** The conversation open in the console (highlighted). */
  @property({ type: Number }) selectedId: number | null = null;
  @state() private view: InboxViewName = "mine";
  @state() private filters: InboxFilters = {};
  @state() private page: InboxPage | null = null;
  @state() private rows: InboxConversation[] = [];
  @state() private failed = false;
  private serial = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearInterval(this.timer);
    if (this.searchTimer) clearTimeout(this.searchTimer);
  }

  /** The view shown now. */
  get currentView(): InboxViewName {
    return this.view;
  }

  /** Reads the current view's first page (and every count) again. */
  async refresh(): Promise<void> {
    const serial = ++this.serial;
    try {
      const page = await fetchInbox(this.view, this.filters, 0, Math.max(PAGE, this.rows.length));
      if (serial !== this.serial) return;
      this.page = page;
      this.rows = page.conversations;
      this.failed = false;
    } catch {
      if (serial === this.serial) this.failed = true;
    }
  }

  private async more(): Promise<void> {
    const serial = ++this.serial;
    try {
      const page = await fetchInbox(this.view, this.filters, this.rows.length, PAGE);
      if (serial !== this.serial) return;
      this.page = page;
      this.rows = [...this.rows, ...page.conversations];
    } catch {
      if (serial === this.serial) this.failed = true;
    }
  }

  private show(view: InboxViewName): void {
    this.view = view;
    this.rows = [];
    void this.refresh();
  }

  private narrow(change: InboxFilters, soon = false): void {
    this.filters = { ...this.filters, ...change };
    this.rows = [];
    if (this.searchTimer) clearTimeout(this.searchTimer);
    if (soon) this.searchTimer = setTimeout(() => void this.refresh(), 250);
    else void this.refresh();
  }

  private filtering(): boolean {
    return Object.values(this.filters).some((v) => !!v);
  }

  private open(id: number): void {
    this.dispatchEvent(new CustomEvent("open-conversation", { detail: { id }, bubbles: true, composed: true }));
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    const live = this.view === "mine" && !this.filtering();
    return html`
      <nav class="tabs" aria-label=${t("inbox.label")}>
        ${INBOX_VIEWS.map(
          (v) => html`<button
            class="view-${v}"
            aria-pressed=${v === this.view ? "true" : "false"}
            @click=${() => this.show(v)}
          >
            ${t(`inbox.view.${v}`)}<span class="count">${this.page?.counts?.[v] ?? ""}</span>
          </button>`,
        )}
      </nav>
      <div class="filters">
        <input
          type="search"
          name="q"
          maxlength="200"
          placeholder=${t("inbox.search")}
          aria-label=${t("inbox.search")}
          @input=${(e: Event) => this.narrow({ q: (e.target as HTMLInputElement).value.trim() }, true)}
        />
        <select name="channel" aria-label=${t("inbox.channel.any")} @change=${(e: Event) => this.narrow({ channel: (e.target as HTMLSelectElement).value as InboxFilters["channel"] })}>
          <option value="">${t("inbox.channel.any")}</option>
          <option value="chat">${t("channel.chat")}</option>
          <option value="ticket">${t("channel.ticket")}</option>
          <option value="email">${t("channel.email")}</option>
        </select>
        <select name="sla" aria-label=${t("inbox.sla.any")} @change=${(e: Event) => this.narrow({ sla: (e.target as HTMLSelectElement).value as InboxFilters["sla"] })}>
          <option value="">${t("inbox.sla.any")}</option>
          ${(["breached", "at_risk", "ok", "none"] as const).map((s) => html`<option value=${s}>${t(`sla.${s}`)}</option>`)}
        </select>
      </div>
      ${this.failed ? html`<p class="failed" role="status">${t("inbox.failed")}</p>` : nothing}
      ${live
        ? html`<slot name="live"></slot>`
        : html`
            ${this.page && this.rows.length === 0 ? html`<p class="empty">${t("inbox.empty")}</p>` : nothing}
            <ul class="results">
              ${repeat(this.rows, (c) => c.id, (c) => this.renderRow(c))}
            </ul>
            ${this.page?.more ? html`<button class="more" @click=${this.more}>${t("inbox.more")}</button>` : nothing}
          `}
    `;
  }

  private renderRow(c: InboxConversation) {
    const t = this.i18n.t.bind(this.i18n);
    const name = c.subject ? `${c.customer.name} · ${c.subject}` : c.customer.name;
    return html`<li>
      <button
        data-inbox-id=${c.id}
        aria-current=${c.id === this.selectedId ? "true" : "false"}
        @click=${() => this.open(c.id)}
      >
        <span class="name">${name}</span>
        <span>${t(`conv.status.${c.status}`)}</span>
        <span class="preview">${c.last_message?.text ?? ""}</span>
        <span class="facts">
          <span>${t(`channel.${c.channel}`)}</span>
          <span>${c.agent?.name ?? t("inbox.unassignedAgent")}</span>
          <time datetime=${new Date(c.updated_at).toISOString()}>${this.i18n.time(c.updated_at)}</time>
          ${c.sla_risk === "breached" || c.sla_risk === "at_risk"
            ? html`<span class="sla-${c.sla_risk}">${t(`sla.${c.sla_risk}`)}</span>`
            : nothing}
        </span>
      </button>
      ${this.view === "unassigned" && c.status === "queued"
        ? html`<button
            class="pick-up"
            data-pick-up=${c.id}
            @click=${() => this.dispatchEvent(new CustomEvent("pick-up", { detail: { id: c.id }, bubbles: true, composed: true }))}
          >
            ${t("inbox.pickUp")}
          </button>`
        : nothing}
    </li>`;
  }
}
