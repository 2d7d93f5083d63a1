import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import type { I18n } from "../i18n/i18n";
import { HttpError, requestJson } from "../net/http";
import { ContactClaim, MAX_CLAIM_BYTES, type ClaimKind } from "./contact_claim";

/** The visitor token, as the widget holds it: the current one, or a fresh one after a 401. */
export interface VisitorTokens {
  current(): Promise<string>;
  fresh(): Promise<string>;
}

/**
 * "So we can reach you": a disclosure button that opens one field for an email or a phone,
 * sent to POST /api/widget/claim with the visitor token. Works from the keyboard (Enter saves,
 * Escape closes, focus moves into the field when it opens); the outcome is announced in a
 * status line. The answer is the same whether or not the address is known to the shop.
 */
export class KefuContactClaim extends LitElement {
  static override styles = css`
    :host { display: block; font-size: 12px; margin: 0 14px; }
    button.toggle { background: none; border: none; padding: 4px 0 0; color: var(--kefu-accent, #2f6b4f); text-decoration: underline; cursor: pointer; font: inherit; }
    form { display: flex; gap: 6px; align-items: center; margin-top: 4px; }
    label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    input { flex: 1; min-width: 0; padding: 5px 8px; border: 1px solid #c8ccd2; border-radius: 6px; font: inherit; }
    button.save { padding: 5px 10px; border-radius: 6px; border: 1px solid #c8ccd2; background: #fff; cursor: pointer; font: inherit; }
    button:focus-visible, input:focus-visible { outline: 2px solid #2f6fed; outline-offset: 1px; }
    .status { margin: 4px 0 0; }
    .status:empty { margin: 0; }
    .status.problem { color: #b42318; }
  `;
  static override properties = {
    server: { type: String },
    locale: { type: String },
    expanded: { state: true },
    status: { state: true },
  };

  /** The Kefu server's origin. */
  server = location.origin;
  /** The interface language; a change re-renders the field. */
  locale = "";
  i18n!: I18n;
  tokens!: VisitorTokens;
  expanded = false;
  status = "idle";
  private readonly claim = new ContactClaim((kind, value) => this.post(kind, value));

  /** Sends the claim with the visitor token, once more with a fresh token after a 401. */
  private async post(kind: ClaimKind, value: string): Promise<unknown> {
    const send = (token: string) =>
      requestJson(new URL("/api/widget/claim", this.server).toString(), {
        body: { kind, value },
        headers: { Authorization: `Bearer ${token}` },
        credentials: "omit",
      });
    try {
      return await send(await this.tokens.current());
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 401) throw error;
      return send(await this.tokens.fresh());
    }
  }

  private async toggle(): Promise<void> {
    this.expanded = !this.expanded;
    if (!this.expanded) return;
    if (this.status !== "saved") this.status = "idle";
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>("input")?.focus();
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>("input");
    this.status = "sending";
    this.status = await this.claim.submit(input?.value ?? "");
    if (this.status === "saved") {
      if (input) input.value = "";
      this.expanded = false;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>("button.toggle")?.focus();
    } else {
      input?.focus();
    }
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key !== "Escape") return;
    event.stopPropagation();
    this.expanded = false;
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>("button.toggle")?.focus());
  }

  override render(): TemplateResult {
    const t = this.i18n.t.bind(this.i18n);
    const problem = this.status !== "idle" && this.status !== "sending" && this.status !== "saved";
    return html`
      <button class="toggle" type="button" aria-expanded=${this.expanded ? "true" : "false"} aria-controls="claim" @click=${this.toggle}>
        ${t("widget.claim.open")}
      </button>
      ${this.expanded
        ? html`<form id="claim" class="claim" @submit=${this.onSubmit} @keydown=${this.onKeyDown} novalidate>
            <label for="claim-value">${t("widget.claim.label")}</label>
            <input
              id="claim-value"
              name="value"
              autocomplete="email"
              inputmode="email"
              maxlength=${MAX_CLAIM_BYTES}
              placeholder=${t("widget.claim.label")}
              aria-describedby="claim-status"
              aria-invalid=${problem ? "true" : "false"}
            />
            <button class="save" type="submit" ?disabled=${this.status === "sending"}>${t("widget.claim.save")}</button>
          </form>`
        : nothing}
      <p id="claim-status" class="status ${problem ? "problem" : ""}" role="status" aria-live="polite">${this.status === "saved" || problem
        ? t(`widget.claim.${this.status as "saved"}`)
        : nothing}</p>
    `;
  }
}

if (!customElements.get("kefu-contact-claim")) customElements.define("kefu-contact-claim", KefuContactClaim);
