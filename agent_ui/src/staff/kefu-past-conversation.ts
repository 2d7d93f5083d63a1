import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n } from "../i18n/i18n";
import type { TranscriptMessage, TranscriptPage } from "../protocol/types";
import { fetchTranscript } from "./desk_api";
import { staffStyles } from "./staff_styles";

/**
 * A past conversation opened from the customer panel: its transcript, read-only, loaded page by
 * page from GET /api/conversations/{id}/messages. Fires `close` when the agent closes it. All
 * text is rendered as text.
 */
@customElement("kefu-past-conversation")
export class KefuPastConversation extends LitElement {
  static override styles = [
    staffStyles,
    css`
      :host { display: block; border: 1px solid var(--line); border-radius: 8px; padding: 8px; margin: 6px 0; background: var(--panel, #fafafa); }
      header { display: flex; justify-content: space-between; align-items: baseline; gap: 6px; }
      h4 { margin: 0; }
      ol { list-style: none; padding: 0; margin: 6px 0; max-height: 320px; overflow-y: auto; }
      li { margin: 4px 0; }
      .who { font-weight: 600; }
      .text { white-space: pre-wrap; overflow-wrap: anywhere; }
      li.agent .who { color: var(--accent, #1f6feb); }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property() locale = "";
  /** The conversation to show. */
  @property({ type: Number }) conversationId = 0;
  @state() private page: TranscriptPage | null = null;
  @state() private messages: TranscriptMessage[] = [];
  @state() private failed = false;
  private loading = 0;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("conversationId")) {
      this.page = null;
      this.messages = [];
      this.failed = false;
      if (this.conversationId > 0) void this.load(0);
    }
  }

  private async load(afterSeq: number): Promise<void> {
    const serial = ++this.loading;
    const id = this.conversationId;
    try {
      const page = await fetchTranscript(id, afterSeq);
      if (serial !== this.loading || id !== this.conversationId) return;
      this.page = page;
      this.messages = afterSeq === 0 ? page.messages : [...this.messages, ...page.messages];
    } catch {
      if (serial === this.loading) this.failed = true;
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent("close", { bubbles: true, composed: true }));
  }

  private author(m: TranscriptMessage): string {
    const t = this.i18n.t.bind(this.i18n);
    if (m.author_kind === "agent") return m.author_name || t("transcript.agent", { name: String(m.author_id) });
    if (m.author_kind === "customer") return m.author_name || t("transcript.customer");
    return t("transcript.system");
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    const c = this.page?.conversation;
    const last = this.messages.at(-1);
    return html`
      <section class="past-conversation" data-conversation-id=${this.conversationId} aria-label=${t("transcript.title", { id: this.conversationId })}>
        <header>
          <h4>${t("transcript.title", { id: this.conversationId })}</h4>
          <button class="close" @click=${this.close}>${t("transcript.close")}</button>
        </header>
        <p class="muted">${t("transcript.readOnly")}</p>
        ${c
          ? html`<p class="muted facts">
              ${t(`channel.${c.channel === "ticket" || c.channel === "email" ? c.channel : "chat"}`)} · ${this.i18n.dateTime(c.created_at)}
              ${c.agent_name ? html` · ${t("transcript.agent", { name: c.agent_name })}` : nothing}
              ${c.subject ? html` · <span class="subject">${c.subject}</span>` : nothing}
            </p>`
          : nothing}
        ${this.failed
          ? html`<p class="error" role="alert">${t("transcript.failed")}</p>`
          : !this.page
            ? html`<p class="muted">${t("transcript.loading")}</p>`
            : this.messages.length === 0
              ? html`<p class="muted">${t("transcript.empty")}</p>`
              : html`<ol>
                  ${this.messages.map(
                    (m) => html`<li class=${m.author_kind} data-seq=${m.seq}>
                      <span class="who">${this.author(m)}</span>
                      <span class="muted">${this.i18n.dateTime(m.created_at)}</span>
                      <div class="text">${m.text}</div>
                    </li>`,
                  )}
                </ol>`}
        ${this.page?.more && last
          ? html`<button class="more" @click=${() => this.load(last.seq)}>${t("transcript.more")}</button>`
          : nothing}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kefu-past-conversation": KefuPastConversation;
  }
}
