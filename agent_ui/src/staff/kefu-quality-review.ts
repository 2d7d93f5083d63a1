import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { CATALOG } from "../i18n/catalog";
import { I18n, type MessageKey } from "../i18n/i18n";
import { qualityDetailLabel } from "../i18n/labels";
import { HttpError, requestJson } from "../net/http";
import {
  breakdownRows,
  parseMarks,
  reviewScore,
  roundScore,
  scoredQuery,
  type CalibrationRow,
  type ConversationDetail,
  type QualityItem,
  type QualitySettings,
  type Review,
  type ScoredConversation,
} from "../state/quality_reviews";
import { staffCardStyles, staffStyles } from "./staff_styles";

const DAY_MS = 86_400_000;

function dayInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function codeOf(error: unknown): string {
  return error instanceof HttpError ? error.code : "offline";
}

/**
 * The supervisor's quality screen: resolved conversations with their automatic score (filter by
 * agent, queue and dates), a conversation's transcript and score breakdown with the review form
 * on the configured scorecard, and the calibration table (review vs automatic per agent).
 * Uses /api/quality/*; all user text is rendered as text.
 */
@customElement("kefu-quality-review")
export class KefuQualityReview extends LitElement {
  static override styles = [
    staffStyles,
    staffCardStyles,
    css`
      :host { display: grid; gap: 20px; }
      h3 { font-size: 14px; margin: 12px 0 6px; }
      form.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin-bottom: 10px; }
      label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
      input, select, textarea { border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; background: var(--paper); }
      th, td { vertical-align: top; }
      td.n { white-space: nowrap; }
      tr.picked { background: var(--soft); }
      .muted { color: var(--muted); }
      .detail { display: grid; grid-template-columns: minmax(280px, 1fr) minmax(280px, 1fr); gap: 20px; }
      @media (max-width: 900px) { .detail { grid-template-columns: 1fr; } }
      .transcript { max-height: 420px; overflow-y: auto; display: grid; gap: 6px; }
      .line { padding: 6px 8px; border-radius: 8px; background: var(--soft); }
      .line .text { white-space: pre-wrap; overflow-wrap: anywhere; }
      form.review button.submit-review { justify-self: start; }
      .line.agent { background: #e6eef6; }
      .line .who { font-size: 12px; color: var(--muted); display: block; }
      .marks { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 8px; }
      .marks input { width: 100%; }
      form.review { display: grid; gap: 8px; }
      textarea { resize: vertical; }
      .comment { white-space: pre-wrap; overflow-wrap: anywhere; }
      .head { display: flex; justify-content: space-between; align-items: center; gap: 10px; }
      .ok { color: #2f6b4f; }
    `,
  ];

  @state() private rows: ScoredConversation[] = [];
  @state() private loaded = false;
  @state() private agentFilter = "";
  /** Every agent, from the list's answer: the agent filter offers them all. */
  @state() private allAgents: Array<{ id: number; name: string }> = [];
  @state() private queueFilter = "";
  @state() private from = dayInput(Date.now() - 6 * DAY_MS);
  @state() private to = dayInput(Date.now());
  @state() private detail: ConversationDetail | null = null;
  @state() private settings: QualitySettings | null = null;
  @state() private typedMarks: Record<string, string> = {};
  @state() private comment = "";
  @state() private problem: string | null = null;
  @state() private saved: string | null = null;
  @state() private saving = false;
  @state() private calibration: CalibrationRow[] = [];
  private readonly i18n = I18n.forBrowser();

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    // The supervisor page switches language through its own I18n: follow the stored choice.
    window.addEventListener("storage", this.onStorage);
    document.addEventListener("kefu-locale", this.onStorage);
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener("storage", this.onStorage);
    document.removeEventListener("kefu-locale", this.onStorage);
  }

  private readonly onStorage = () => {
    const fresh = I18n.forBrowser();
    this.i18n.setLocale(fresh.locale);
  };

  /** Reloads the list, the scorecard and the calibration for the chosen filters. */
  async refresh(event?: Event): Promise<void> {
    event?.preventDefault();
    const agent = this.agentFilter.trim() ? Number(this.agentFilter) : null;
    const query = scoredQuery({
      agentId: agent !== null && Number.isInteger(agent) && agent > 0 ? agent : null,
      queue: this.queueFilter,
      from: this.from,
      to: this.to,
    });
    if (!query) {
      this.problem = this.i18n.t("kpi.history.badRange");
      return;
    }
    const range = new URLSearchParams(query);
    try {
      this.problem = null;
      const [list, settings, calibration] = await Promise.all([
        requestJson<{ conversations: ScoredConversation[]; agents?: Array<{ id: number; name: string }> }>(
          `/api/quality/conversations?${query}`,
        ),
        requestJson<QualitySettings>("/api/quality/settings"),
        requestJson<{ agents: CalibrationRow[] }>(
          `/api/quality/calibration?from=${range.get("from")}&to=${range.get("to")}`,
        ),
      ]);
      this.rows = list.conversations;
      if (Array.isArray(list.agents)) this.allAgents = list.agents;
      this.settings = settings;
      this.calibration = calibration.agents;
    } catch (error) {
      this.problem = this.i18n.t("quality.failed", { code: codeOf(error) });
    } finally {
      this.loaded = true;
    }
  }

  private async open(conversationId: number): Promise<void> {
    try {
      this.problem = null;
      this.saved = null;
      this.detail = await requestJson<ConversationDetail>(`/api/quality/conversations/${conversationId}`);
      this.typedMarks = {};
      this.comment = "";
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(".detail-card h2")?.focus();
    } catch (error) {
      this.problem = this.i18n.t("quality.failed", { code: codeOf(error) });
    }
  }

  private async submitReview(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const detail = this.detail;
    const card = this.settings?.scorecard ?? [];
    const marks = parseMarks(card, this.typedMarks);
    if (!detail || !marks) {
      this.problem = this.i18n.t("quality.badMarks");
      return;
    }
    this.saving = true;
    try {
      this.problem = null;
      const review = await requestJson<Review>("/api/quality/reviews", {
        body: { conversation_id: detail.conversation.id, marks, comment: this.comment.trim() },
      });
      this.saved = this.i18n.t("quality.saved", { score: roundScore(review.score) });
      const id = detail.conversation.id;
      await this.refresh();
      await this.open(id);
      this.saved = this.i18n.t("quality.saved", { score: roundScore(review.score) });
    } catch (error) {
      this.problem = this.i18n.t("quality.failed", { code: codeOf(error) });
    } finally {
      this.saving = false;
    }
  }

  private label(prefix: "quality.item." | "quality.category.", name: string): string {
    const key = `${prefix}${name}`;
    return key in CATALOG[this.i18n.locale] ? this.i18n.t(key as MessageKey) : name;
  }

  private score(value: number | null | undefined): string {
    return typeof value === "number" ? this.i18n.number(roundScore(value)) : "—";
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    return html`
      <section class="card quality" aria-label=${t("quality.title")} lang=${this.i18n.locale}>
        <h2>${t("quality.title")}</h2>
        <form class="filters" @submit=${this.refresh}>
          <label>${t("quality.agent")}
            <select class="agent-filter" .value=${this.agentFilter}
              @change=${(e: Event) => (this.agentFilter = (e.target as HTMLSelectElement).value)}>
              <option value="">${t("quality.anyAgent")}</option>
              ${this.agentsKnown().map(([id, name]) => html`<option value=${String(id)}>${name || `#${id}`}</option>`)}
            </select></label>
          <label>${t("quality.queue")}
            <input class="queue-filter" .value=${this.queueFilter} placeholder=${t("quality.anyQueue")}
              @input=${(e: Event) => (this.queueFilter = (e.target as HTMLInputElement).value)} /></label>
          <label>${t("quality.from")}
            <input type="date" .value=${this.from} @change=${(e: Event) => (this.from = (e.target as HTMLInputElement).value)} /></label>
          <label>${t("quality.to")}
            <input type="date" .value=${this.to} @change=${(e: Event) => (this.to = (e.target as HTMLInputElement).value)} /></label>
          <button class="primary" type="submit">${t("quality.show")}</button>
        </form>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        ${this.loaded && this.rows.length === 0 ? html`<p class="muted">${t("quality.none")}</p>` : nothing}
        ${this.rows.length ? this.renderList() : nothing}
      </section>
      ${this.detail ? this.renderDetail(this.detail) : nothing}
      ${this.renderCalibration()}
    `;
  }

  /** Agents seen in the list and the calibration, for the filter. */
  private agentsKnown(): Array<[number, string]> {
    const known = new Map<number, string>();
    for (const a of this.allAgents) known.set(a.id, a.name);
    for (const r of this.rows) known.set(r.agent_id, r.agent_name);
    for (const c of this.calibration) known.set(c.agent_id, c.agent_name);
    return [...known.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }

  private renderList() {
    const t = this.i18n.t.bind(this.i18n);
    return html`<table class="scored">
      <thead>
        <tr>
          <th>${t("quality.conversation")}</th><th>${t("quality.customer")}</th><th>${t("quality.agent")}</th>
          <th>${t("quality.queue")}</th><th>${t("quality.opened")}</th><th>${t("quality.resolved")}</th><th>${t("quality.score")}</th><th>${t("quality.csat")}</th>
          <th>${t("quality.review")}</th><th></th>
        </tr>
      </thead>
      <tbody>
        ${this.rows.map(
          (r) => html`<tr data-conversation=${r.conversation_id} class=${this.detail?.conversation.id === r.conversation_id ? "picked" : ""}>
            <td>#${r.conversation_id}</td><td class="customer">${r.customer_name ?? ""}</td><td>${r.agent_name}</td>
            <td>${r.queue}</td>
            <td class="opened">${typeof r.created_at === "number" ? this.i18n.dateTime(r.created_at) : "—"}</td>
            <td>${this.i18n.dateTime(r.resolved_at ?? r.scored_at)}</td>
            <td class="n auto-score">${this.score(r.score)}</td>
            <td class="n csat">${r.csat === null ? "—" : `${this.i18n.number(r.csat)} / 5`}</td>
            <td class="n">${this.score(r.review_score)}</td>
            <td><button class="open" @click=${() => this.open(r.conversation_id)}>${t("quality.open")}</button></td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderBreakdown(items: QualityItem[]) {
    const t = this.i18n.t.bind(this.i18n);
    return html`<table class="breakdown">
      <thead>
        <tr><th>${t("quality.item")}</th><th>${t("quality.weight")}</th><th>${t("quality.earned")}</th><th>${t("quality.detail")}</th></tr>
      </thead>
      <tbody>
        ${breakdownRows(items).map(
          (row) => html`<tr data-item=${row.name}>
            <td>${this.label("quality.item.", row.name)}</td>
            <td class="n">${row.applies ? `${this.i18n.number(roundScore(row.sharePercent))} %` : t("quality.notApplicable")}</td>
            <td class="n">${row.earnedPercent === null ? "—" : `${this.i18n.number(roundScore(row.earnedPercent))} %`}</td>
            <td class="muted">${qualityDetailLabel(this.i18n, row)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderDetail(d: ConversationDetail) {
    const t = this.i18n.t.bind(this.i18n);
    const card = this.settings?.scorecard ?? [];
    const preview = reviewScore(card, parseMarks(card, this.typedMarks));
    return html`<section class="card detail-card" aria-label=${t("quality.open")}>
      <div class="head">
        <h2 tabindex="-1">${t("quality.conversation")} #${d.conversation.id} · ${d.conversation.agent_name}</h2>
        <button @click=${() => (this.detail = null)}>${t("quality.close")}</button>
      </div>
      <div class="detail">
        <div>
          <h3>${t("quality.transcript")}</h3>
          <div class="transcript">
            ${d.messages.map(
              (m) => html`<div class="line ${m.author.kind}" data-seq=${m.seq}>
                <span class="who">${m.author.name || m.author.kind} · ${this.i18n.time(m.at)}</span><span class="text">${m.text}</span>
              </div>`,
            )}
          </div>
        </div>
        <div>
          <h3>${t("quality.breakdown")}: <span class="auto-score">${this.score(d.automatic?.score)}</span></h3>
          ${d.automatic ? this.renderBreakdown(d.automatic.items) : nothing}
          <p class="survey">
            ${d.survey ? t("quality.survey", { rating: d.survey.rating }) : t("quality.noSurvey")}
            ${d.survey?.comment ? html`<br /><span class="comment">“${d.survey.comment}”</span>` : nothing}
          </p>
          ${d.reviews.length
            ? html`<h3>${t("quality.reviews")}</h3>
                <ul class="reviews">
                  ${d.reviews.map(
                    (r) => html`<li>
                      <strong>${this.score(r.score)}</strong> ·
                      ${t("quality.reviewedBy", { name: r.reviewer_name, when: this.i18n.dateTime(r.at) })}
                      ${r.comment ? html`<div class="comment">${r.comment}</div>` : nothing}
                    </li>`,
                  )}
                </ul>`
            : nothing}
          <form class="review" @submit=${this.submitReview}>
            <h3>${t("quality.scorecard")}</h3>
            <div class="marks">
              ${card.map(
                (c) => html`<label>${this.label("quality.category.", c.name)} (${this.i18n.number(c.weight)})
                  <input type="number" min="0" max="100" step="1" required name=${c.name}
                    .value=${this.typedMarks[c.name] ?? ""}
                    @input=${(e: Event) =>
                      (this.typedMarks = { ...this.typedMarks, [c.name]: (e.target as HTMLInputElement).value })} />
                </label>`,
              )}
            </div>
            <label>${t("quality.comment")}
              <textarea rows="3" maxlength="1000" name="comment" .value=${this.comment}
                @input=${(e: Event) => (this.comment = (e.target as HTMLTextAreaElement).value)}></textarea></label>
            <div>
              <span class="muted">${t("quality.preview", { score: preview === null ? "—" : this.i18n.number(roundScore(preview)) })}</span>
            </div>
            <button class="primary submit-review" type="submit" ?disabled=${this.saving}>${t("quality.submit")}</button>
            ${this.saved ? html`<p class="ok" role="status">${this.saved}</p>` : nothing}
          </form>
        </div>
      </div>
    </section>`;
  }

  private renderCalibration() {
    const t = this.i18n.t.bind(this.i18n);
    return html`<section class="card calibration" aria-label=${t("quality.calibration")}>
      <h2>${t("quality.calibration")}</h2>
      <p class="muted">${t("quality.calibration.intro")}</p>
      <table>
        <thead>
          <tr>
            <th>${t("quality.agent")}</th><th>${t("quality.reviewCount")}</th><th>${t("quality.reviewMean")}</th>
            <th>${t("quality.automaticMean")}</th><th>${t("quality.difference")}</th>
          </tr>
        </thead>
        <tbody>
          ${this.calibration.map(
            (c) => html`<tr data-agent=${c.agent_id}>
              <td>${c.agent_name || `#${c.agent_id}`}</td><td class="n">${this.i18n.number(c.reviews)}</td>
              <td class="n review-mean">${this.score(c.review_mean)}</td>
              <td class="n automatic-mean">${this.score(c.automatic_mean)}</td>
              <td class="n difference">${c.difference === null ? "—" : `${c.difference > 0 ? "+" : ""}${this.i18n.number(roundScore(c.difference))}`}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }
}
