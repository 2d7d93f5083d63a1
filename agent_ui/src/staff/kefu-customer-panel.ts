import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n } from "../i18n/i18n";
import { identityKindLabel, orderStatusLabel, segmentLabel } from "../i18n/labels";
import { HttpError } from "../net/http";
import type { CustomerMerge, CustomerOrder, CustomerView, MergeSuggestion, User } from "../protocol/types";
import { CustomerViews, mayUndoMerge, suggestionName } from "../state/customer_views";
import {
  acceptSuggestion,
  addNote,
  addTag,
  dismissSuggestion,
  fetchCustomer,
  removeTag,
  searchCustomers,
  undoMerge,
  type CustomerHit,
} from "./desk_api";
import "./kefu-past-conversation";
import { staffStyles } from "./staff_styles";
import { listTags, tagLabel, type CatalogueTag } from "./tags_api";
import "./kefu-upcoming-care";

const SEARCH_DELAY_MS = 300;
/** Items shown per order (the rest as "+N"). */
const MAX_ITEMS = 5;
/** The key under which a looked-up customer is held (not a conversation id). */
const LOOKED_UP = -1;

/** Only http(s) tracking links become links; anything else is shown as text. */
function safeLink(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * The customer beside the conversation: identities, segment, lifetime value, recent orders with
 * items and tracking links, past conversations, notes (with an add box) and tags (add, remove),
 * plus a customer search. `view` is the selected conversation's customer (pushed live by the
 * console); a searched customer is shown instead, in a box marked as a search result, until
 * "back" or until the agent opens another conversation (`conversationId` changes): the panel
 * never shows a searched customer beside another customer's chat. A past conversation opens
 * read-only beneath the list. All user text rendered as text.
 */
@customElement("kefu-customer-panel")
export class KefuCustomerPanel extends LitElement {
  static override styles = [
    staffStyles,
    css`
      :host { display: block; padding: 10px 14px; }
      h3 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin: 14px 0 4px; }
      .name { font-size: 16px; font-weight: 700; margin: 6px 0 2px; overflow-wrap: anywhere; }
      .facts { display: flex; flex-wrap: wrap; gap: 6px; font-size: 12px; }
      .chip { background: var(--soft); border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; }
      .chip.segment { background: #fff4d6; border-color: #f0d9a0; }
      ul { list-style: none; margin: 0; padding: 0; }
      li { padding: 3px 0; overflow-wrap: anywhere; }
      .muted { color: var(--muted); font-size: 12px; }
      .order { border: 1px solid var(--line); border-radius: 8px; padding: 6px 8px; margin-bottom: 6px; }
      .order .head { display: flex; justify-content: space-between; font-weight: 600; }
      .order .items { font-size: 12px; }
      .tags { display: flex; flex-wrap: wrap; gap: 6px; }
      .tag button { border: none; background: transparent; padding: 0 2px; margin-left: 2px; }
      form { display: flex; gap: 6px; margin-top: 6px; }
      input, textarea { flex: 1; min-width: 0; border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; }
      textarea { resize: vertical; min-height: 36px; }
      .search { margin: 0 0 6px; }
      .hits button { width: 100%; text-align: left; border: none; border-bottom: 1px solid var(--line); border-radius: 0; padding: 4px 2px; background: transparent; }
      .identity.unverified { color: var(--muted); }
      .looked-up { border: 2px dashed var(--warn, #b26b00); border-radius: 8px; padding: 6px 8px; }
      .looked-up-banner { margin: 0 0 4px; font-weight: 600; color: var(--warn, #b26b00); }
      .open-past { border: none; background: transparent; padding: 0; color: var(--accent, #1f6feb); text-decoration: underline; cursor: pointer; }
      .suggestion, .merge { border: 1px dashed var(--line); border-radius: 8px; padding: 6px 8px; margin-bottom: 6px; }
      .suggestion .actions, .merge .actions { display: flex; gap: 6px; margin-top: 4px; }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  /** The interface language; a change re-renders the panel. */
  @property() locale = "";
  /** The selected conversation's customer, or undefined when none is known. */
  @property({ attribute: false }) view: CustomerView | undefined;
  /** The open conversation; a change drops the searched customer and the opened past chat. */
  @property({ type: Number }) conversationId = 0;
  /** The signed-in staff member (decides whether Undo is offered; the server checks again). */
  @property({ attribute: false }) user: User | null = null;
  @state() private lookedUp: CustomerView | null = null;
  @state() private hits: CustomerHit[] | null = null;
  @state() private problem: string | null = null;
  /** The past conversation opened read-only, if any. */
  @state() private openedPast = 0;
  /** Local changes (tags, notes) shown before the server pushes the view again. */
  private readonly local = new CustomerViews();
  /** The admins' tag catalogue, offered in the add-tag box (empty: any tag). */
  @state() private catalogue: CatalogueTag[] = [];
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private searchSerial = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    listTags()
      .then((tags) => (this.catalogue = tags))
      .catch(() => (this.catalogue = []));
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("conversationId") && changed.get("conversationId") !== undefined) {
      this.lookedUp = null;
      this.local.forget(LOOKED_UP);
      this.hits = null;
      this.problem = null;
      this.openedPast = 0;
      ++this.searchSerial;  // a search still in flight is for the conversation left behind
      if (this.searchTimer) clearTimeout(this.searchTimer);
      const box = this.renderRoot?.querySelector<HTMLInputElement>("input.customer-search");
      if (box) box.value = "";
    }
    if (!changed.has("view")) return;
    if (this.view) this.local.set(0, this.view);
    else this.local.forget(0);
  }

  private current(): CustomerView | undefined {
    return this.local.forConversation(this.lookedUp ? LOOKED_UP : 0);
  }

  private onSearchInput(event: Event): void {
    const q = (event.target as HTMLInputElement).value.trim();
    if (this.searchTimer) clearTimeout(this.searchTimer);
    if (!q) {
      this.hits = null;
      return;
    }
    this.searchTimer = setTimeout(() => void this.search(q), SEARCH_DELAY_MS);
  }

  private async search(q: string): Promise<void> {
    const serial = ++this.searchSerial;
    try {
      const hits = await searchCustomers(q);
      if (serial === this.searchSerial) this.hits = hits;
    } catch {
      if (serial === this.searchSerial) this.hits = [];
    }
  }

  private async open(hit: CustomerHit): Promise<void> {
    try {
      const view = await fetchCustomer(hit.id);
      if (!view) return;
      this.local.set(LOOKED_UP, view);
      this.lookedUp = view;
      this.openedPast = 0;
      this.hits = null;
    } catch {
      this.problem = this.i18n.t("customer.failed");
    }
  }

  private back(): void {
    this.lookedUp = null;
    this.openedPast = 0;
  }

  private async onAddTag(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const input = form.elements.namedItem("tag") as HTMLInputElement;
    const view = this.current();
    const tag = input.value.trim();
    if (!view || !tag) return;
    try {
      this.problem = null;
      await addTag(view.id, tag);
      this.local.addTag(view.id, tag);
      input.value = "";
      this.requestUpdate();
    } catch (error) {
      const unknown = error instanceof HttpError && error.code === "unknown_tag";
      this.problem = this.i18n.t(unknown ? "tags.unknown" : "customer.failed");
    }
  }

  private async onRemoveTag(tag: string): Promise<void> {
    const view = this.current();
    if (!view) return;
    await this.change(() => removeTag(view.id, tag), () => this.local.removeTag(view.id, tag));
  }

  private async onAddNote(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const box = form.elements.namedItem("note") as HTMLTextAreaElement;
    const view = this.current();
    const text = box.value.trim();
    if (!view || !text) return;
    await this.change(
      () => addNote(view.id, text),
      (noteId) => {
        // The pushed view may have arrived first; the note's id keeps it from showing twice.
        if (noteId !== null) this.local.addNote(view.id, { id: noteId, author_id: 0, body: text, created_at: Date.now() });
      },
    );
    box.value = "";
  }

  private async onAccept(view: CustomerView, s: MergeSuggestion): Promise<void> {
    await this.decide(async () => {
      const merged = await acceptSuggestion(view.id, s.id);
      this.local.dropSuggestion(s.id);
      // A looked-up customer is shown as the merged one at once; the pushed view follows.
      if (this.lookedUp) {
        const fresh = await fetchCustomer(merged.customer_id);
        if (fresh) {
          this.local.set(LOOKED_UP, fresh);
          this.lookedUp = fresh;
        }
      }
    });
  }

  private async onDismiss(view: CustomerView, s: MergeSuggestion): Promise<void> {
    await this.decide(async () => {
      await dismissSuggestion(view.id, s.id);
      this.local.dropSuggestion(s.id);
    });
  }

  private async onUndo(view: CustomerView, m: CustomerMerge): Promise<void> {
    await this.decide(async () => {
      await undoMerge(view.id, m.id);
      this.local.dropMerge(m.id);
    });
  }

  /** Runs a merge decision; a refusal is explained (forbidden, already decided) or reported. */
  private async decide(work: () => Promise<void>): Promise<void> {
    try {
      this.problem = null;
      await work();
      this.requestUpdate();
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 0;
      this.problem = this.i18n.t(
        status === 403 ? "customer.undoForbidden" : status === 409 || status === 404 ? "customer.decided" : "customer.failed",
      );
    }
  }

  /** Sends a change; shows it at once when the server took it, an error otherwise. */
  private async change<T>(send: () => Promise<T>, show: (answer: T) => void): Promise<void> {
    try {
      this.problem = null;
      show(await send());
      this.requestUpdate();
    } catch {
      this.problem = this.i18n.t("customer.failed");
    }
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    const view = this.current();
    return html`
      <div class="search" role="search">
        <input
          type="search"
          class="customer-search"
          placeholder=${t("customer.search")}
          aria-label=${t("customer.search")}
          @input=${this.onSearchInput}
        />
        ${this.hits
          ? this.hits.length === 0
            ? html`<p class="muted">${t("customer.searchNone")}</p>`
            : html`<ul class="hits">
                ${this.hits.map(
                  (h) => html`<li><button @click=${() => this.open(h)}>${h.display_name}
                    ${h.segment ? html`<span class="chip segment">${segmentLabel(this.i18n, h.segment)}</span>` : nothing}</button></li>`,
                )}
              </ul>`
          : nothing}
      </div>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.lookedUp && view
        ? html`<section class="looked-up" aria-label=${t("customer.lookedUp")}>
            <p class="looked-up-banner" role="status">${t("customer.lookedUp")}</p>
            <button class="back" @click=${this.back}>${t("customer.back")}</button>
            ${this.renderView(view)}
          </section>`
        : view
          ? this.renderView(view)
          : html`<p class="muted none">${t("customer.none")}</p>`}
    `;
  }

  private renderView(view: CustomerView) {
    const t = this.i18n.t.bind(this.i18n);
    const ltv = view.lifetime_value;
    return html`
      <div class="customer" data-customer-id=${view.id}>
        <div class="name">${view.display_name}</div>
        <div class="facts">
          ${view.segment ? html`<span class="chip segment" title=${t("customer.segment")}>${segmentLabel(this.i18n, view.segment)}</span>` : nothing}
          ${view.rfm ? html`<span class="chip">${view.rfm}</span>` : nothing}
          ${ltv
            ? html`<span class="chip ltv" title=${t("customer.lifetime")}
                >${t("customer.lifetime")}: ${this.money(ltv.amount, ltv.currency)} ·
                ${t("customer.orderCount", { count: ltv.order_count })}</span
              >`
            : nothing}
        </div>
        <h3>${t("customer.identities")}</h3>
        <ul class="identities">
          ${view.identities.map(
            (i) => html`<li class="identity ${i.verified ? "verified" : "unverified"}">
              ${identityKindLabel(this.i18n, i.kind)}: ${i.value} <span class="muted">(${t(i.verified ? "customer.verified" : "customer.unverified")})</span>
            </li>`,
          )}
        </ul>
        ${this.renderMerges(view)}
        <h3>${t("customer.orders")}</h3>
        ${view.recent_orders.length === 0 ? html`<p class="muted">${t("customer.noOrders")}</p>` : nothing}
        ${view.recent_orders.map((o) => this.renderOrder(o))}
        <kefu-upcoming-care .i18n=${this.i18n} locale=${this.i18n.locale} .customerId=${view.id}></kefu-upcoming-care>
        <h3>${t("customer.past")}</h3>
        <ul class="past">
          ${view.conversations.map(
            (c) => html`<li data-conversation-id=${c.id}>
              <button class="open-past" aria-label=${t("customer.openPast", { id: c.id })} @click=${() => this.openPast(c.id)}>
                #${c.id}</button> · ${t(`channel.${c.channel === "ticket" || c.channel === "email" ? c.channel : "chat"}`)} ·
              ${this.statusText(c.status)} · <span class="muted">${this.i18n.dateTime(c.created_at)}</span>
              ${c.subject ? html`· <span class="subject">${c.subject}</span>` : nothing}
              ${c.id === this.conversationId && !this.lookedUp ? html`<span class="chip">${t("customer.thisChat")}</span>` : nothing}
            </li>`,
          )}
        </ul>
        ${this.openedPast
          ? html`<kefu-past-conversation
              .i18n=${this.i18n}
              locale=${this.i18n.locale}
              .conversationId=${this.openedPast}
              @close=${() => (this.openedPast = 0)}
            ></kefu-past-conversation>`
          : nothing}
        <h3>${t("customer.tags")}</h3>
        <div class="tags">
          ${view.tags.map(
            (tag) => html`<span class="chip tag"
              >${tag}<button aria-label=${t("customer.removeTag", { tag })} @click=${() => this.onRemoveTag(tag)}>×</button></span
            >`,
          )}
        </div>
        <form class="add-tag" @submit=${this.onAddTag}>
          <input name="tag" maxlength="64" list="tag-catalogue" placeholder=${t("customer.addTag")} aria-label=${t("customer.addTag")} />
          <datalist id="tag-catalogue">
            ${this.catalogue
              .filter((c) => !c.retired)
              .map((c) => html`<option value=${c.name} label=${tagLabel(c, this.i18n.locale)}></option>`)}
          </datalist>
          <button type="submit">+</button>
        </form>
        <h3>${t("customer.notes")}</h3>
        <ul class="notes">
          ${view.notes.map(
            (n) => html`<li class="note">${n.body} <span class="muted">· ${this.i18n.dateTime(n.created_at)}</span></li>`,
          )}
        </ul>
        <form class="add-note" @submit=${this.onAddNote}>
          <textarea name="note" maxlength="2000" placeholder=${t("customer.addNote")} aria-label=${t("customer.addNote")}></textarea>
          <button type="submit">${t("customer.save")}</button>
        </form>
      </div>
    `;
  }

  /** "Possible same person" with Accept / Dismiss, and merged records with Undo. */
  private renderMerges(view: CustomerView) {
    const t = this.i18n.t.bind(this.i18n);
    const suggestions = view.merge_suggestions ?? [];
    const merges = view.merges ?? [];
    return html`
      ${suggestions.length
        ? html`<h3>${t("customer.suggestions")}</h3>
            <ul class="suggestions">
              ${suggestions.map((s) => {
                const name = suggestionName(s);
                return html`<li class="suggestion" data-suggestion-id=${s.id}>
                  <strong>${name}</strong>
                  <div class="muted">${t("customer.suggestionMatch", { kind: identityKindLabel(this.i18n, s.kind), matched: s.matched })}</div>
                  <div class="actions">
                    <button class="accept" aria-label=${t("customer.acceptLabel", { name })} @click=${() => this.onAccept(view, s)}>
                      ${t("customer.accept")}
                    </button>
                    <button class="dismiss" aria-label=${t("customer.dismissLabel", { name })} @click=${() => this.onDismiss(view, s)}>
                      ${t("customer.dismiss")}
                    </button>
                  </div>
                </li>`;
              })}
            </ul>`
        : nothing}
      ${merges.length
        ? html`<h3>${t("customer.merged")}</h3>
            <ul class="merges">
              ${merges.map((m) => {
                const name = m.source_name.trim() || `#${m.source_id}`;
                return html`<li class="merge" data-merge-id=${m.id}>
                  <strong>${name}</strong>
                  <div class="muted">${this.reasonText(m.reason)} · ${this.i18n.dateTime(m.merged_at)}</div>
                  ${mayUndoMerge(m, this.user)
                    ? html`<div class="actions">
                        <button class="undo" aria-label=${t("customer.undoLabel", { name })} @click=${() => this.onUndo(view, m)}>
                          ${t("customer.undo")}
                        </button>
                      </div>`
                    : nothing}
                </li>`;
              })}
            </ul>`
        : nothing}
    `;
  }

  private reasonText(reason: string): string {
    const known = ["suggestion", "verified_identity", "agent"];
    return known.includes(reason) ? this.i18n.t(`customer.reason.${reason as "agent"}`) : reason;
  }

  private renderOrder(o: CustomerOrder) {
    const t = this.i18n.t.bind(this.i18n);
    return html`
      <div class="order" data-order=${o.name}>
        <div class="head"><span>${o.name}</span><span>${this.money(o.total, o.currency)}</span></div>
        <div class="muted">
          ${this.i18n.dateTime(o.created_at)} · ${orderStatusLabel(this.i18n, o.financial_status, o.fulfillment_status)}
        </div>
        <ul class="items">
          ${o.items.slice(0, MAX_ITEMS).map((i) => html`<li>${i.quantity} × ${i.title} <span class="muted">${i.sku ?? ""}</span></li>`)}
          ${o.items.length > MAX_ITEMS ? html`<li class="muted">+${o.items.length - MAX_ITEMS}</li>` : nothing}
        </ul>
        ${o.fulfillments.map((f) => {
          const link = safeLink(f.tracking_url);
          const label = t("customer.track", { number: f.tracking_number ?? "" });
          return html`<div class="tracking">
            ${f.tracking_company ?? ""}
            ${link ? html`<a href=${link} target="_blank" rel="noopener noreferrer">${label}</a>` : html`<span>${label}</span>`}
          </div>`;
        })}
      </div>
    `;
  }

  private openPast(id: number): void {
    this.openedPast = this.openedPast === id ? 0 : id;
  }

  private statusText(status: string): string {
    const known = ["queued", "assigned", "resolved", "closed", "abandoned"];
    return known.includes(status) ? this.i18n.t(`conv.status.${status as "queued"}`) : status;
  }

  private money(amount: string, currency: string): string {
    const value = Number(amount);
    if (!Number.isFinite(value)) return `${amount} ${currency}`;
    try {
      return new Intl.NumberFormat(this.i18n.locale, { style: "currency", currency }).format(value);
    } catch {
      return `${amount} ${currency}`;
    }
  }
}
