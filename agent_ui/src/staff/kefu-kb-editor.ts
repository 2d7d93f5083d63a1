import { LitElement, html, css, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { I18n } from "../i18n/i18n";
import type { User } from "../protocol/types";
import { KbArticleEditor, httpKbArticleApi, type ArticleForm, type FieldProblem } from "./kb_articles";
import { renderMarkdown } from "../markdown/markdown_view";
import { KbLearnedList, httpKbLearnedApi, type LearnedQuestion } from "./kb_learned";
import { KbSynonymEditor, httpKbSynonymApi } from "./kb_synonyms";
import { kbText, type KbTextKey } from "./kb_texts";
import { currentUser, logoutAndLeave, toLogin } from "./staff_api";
import { staffStyles } from "./staff_styles";


/**
 * The admins' knowledge-base page: the list of articles, a form to write one (title, Markdown
 * body, language, tags, draft/published) with a preview, save and delete over /api/kb/articles;
 * the synonym groups; and the questions the shop's conversations taught the search about the
 * open article, which the admin may remove.
 */
@customElement("kefu-kb-editor")
export class KefuKbEditor extends LitElement {
  static override styles = [
    staffStyles,
    css`
      main { display: grid; grid-template-columns: minmax(200px, 280px) 1fr; gap: 20px; padding: 20px; }
      @media (max-width: 760px) { main { grid-template-columns: 1fr; } }
      aside ul { list-style: none; margin: 8px 0 0; padding: 0; display: grid; gap: 4px; }
      aside li button { width: 100%; text-align: left; display: flex; gap: 6px; justify-content: space-between; }
      aside li button[aria-current="true"] { border-color: var(--accent); background: var(--soft); }
      .badge { font-size: 11px; color: var(--muted); }
      form { display: grid; gap: 10px; }
      label { display: grid; gap: 4px; font-size: 12px; color: var(--muted); }
      input, select, textarea { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; color: var(--ink); }
      textarea { min-height: 220px; font-family: ui-monospace, monospace; }
      .row { display: flex; gap: 10px; flex-wrap: wrap; }
      .row > label { flex: 1; min-width: 140px; }
      .actions { display: flex; gap: 10px; align-items: center; }
      .invalid { border-color: var(--warn); }
      .preview { border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; background: var(--paper); }
      .preview .h, .preview h1, .preview h2, .preview h3, .preview h4, .preview h5, .preview h6 { font-weight: 700; margin: 8px 0 4px; font-size: 15px; }
      .preview .h1, .preview h1 { font-size: 20px; }
      .preview h2 { font-size: 17px; }
      .ok { color: #2e6b30; }
      h2 { font-size: 15px; margin: 0; }
      .synonyms { margin-top: 18px; display: grid; gap: 6px; }
      .synonyms li { display: flex; gap: 6px; justify-content: space-between; align-items: center; font-size: 13px; }
      .learned { margin-top: 18px; display: grid; gap: 6px; }
      .learned ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
      .learned li { display: flex; gap: 8px; align-items: center; font-size: 13px; }
      .learned li .question { flex: 1; }
    `,
  ];

  @state() private user: User | null = null;
  @state() private version = 0;
  private readonly i18n = I18n.forBrowser();
  private readonly editor = new KbArticleEditor(httpKbArticleApi, () => this.version++);
  private readonly synonyms = new KbSynonymEditor(httpKbSynonymApi, () => this.version++);
  private readonly learned = new KbLearnedList(httpKbLearnedApi, () => this.version++);

  override connectedCallback(): void {
    super.connectedCallback();
    this.i18n.subscribe(() => this.requestUpdate());
    currentUser()
      .then((user) => {
        if (!user) return toLogin();
        this.user = user;
        if (user.role === "admin") {
          void this.editor.load();
          void this.synonyms.load();
        }
      })
      .catch(() => toLogin());
  }

  /** The learned questions follow the article open in the editor (none for a new one). */
  override updated(): void {
    if (this.user?.role === "admin" && this.learned.articleId !== this.editor.selectedId) {
      void this.learned.load(this.editor.selectedId);
    }
  }

  private t(key: KbTextKey, values: Record<string, string | number> = {}): string {
    return kbText(this.i18n.locale, key, values);
  }

  private problemText(p: FieldProblem): string {
    switch (p.reason) {
      case "title":
      case "body":
      case "locale":
      case "tags":
        return this.t(`kb.error.${p.reason}`);
      case "taken":
        return this.t("kb.taken");
      case "forbidden":
        return this.t("kb.forbidden");
      case "other":
        return this.t("kb.error.other", { message: p.message ?? "" });
      default:
        return this.t("kb.failed");
    }
  }

  private field<K extends keyof ArticleForm>(name: K, value: ArticleForm[K]): void {
    this.editor.edit(name, value);
  }

  private async onSave(event: Event): Promise<void> {
    event.preventDefault();
    await this.editor.save();
  }

  private async onDelete(): Promise<void> {
    if (!confirm(this.t("kb.confirmDelete"))) return;
    await this.editor.remove();
  }

  private synonymProblem(): string {
    const p = this.synonyms.problem;
    if (p === "words") return this.t("kb.synonyms.words");
    if (p === "forbidden") return this.t("kb.forbidden");
    return this.t("kb.error.other", { message: p ?? "" });
  }

  /** The synonym groups the admin added, a form to add one, and how many are built in. */
  private renderSynonyms(): TemplateResult {
    const s = this.synonyms;
    return html`<section class="synonyms" aria-label=${this.t("kb.synonyms")}>
      <h2>${this.t("kb.synonyms")}</h2>
      <p class="muted">${this.t("kb.synonyms.help")}</p>
      <ul class="synonym-groups">
        ${s.groups.map(
          (g) => html`<li data-group-id=${g.id}>
            <span lang="zh-CN">${g.words.join(" / ")}</span>
            <button class="remove-synonyms" ?disabled=${s.busy} @click=${() => s.remove(g.id)}>${this.t("kb.synonyms.remove")}</button>
          </li>`,
        )}
      </ul>
      <form class="add-synonyms" novalidate @submit=${(ev: Event) => {
        ev.preventDefault();
        void s.add();
      }}>
        <input name="synonyms" .value=${s.draft} @input=${(ev: Event) => s.setDraft((ev.target as HTMLInputElement).value)} />
        <button type="submit" ?disabled=${s.busy}>${this.t("kb.synonyms.add")}</button>
      </form>
      ${s.problem ? html`<span class="error synonym-problem" role="alert">${this.synonymProblem()}</span>` : nothing}
      <p class="muted">${this.t("kb.synonyms.builtIn", { count: s.builtIn.length })}</p>
    </section>`;
  }

  private learnedProblem(): string {
    const p = this.learned.problem;
    if (p === "forbidden") return this.t("kb.forbidden");
    if (p === "gone") return this.t("kb.learned.gone");
    return this.t("kb.error.other", { message: p ?? "" });
  }

  private learnedItem(q: LearnedQuestion): TemplateResult {
    const l = this.learned;
    return html`<li data-learned-id=${q.id}>
      <span class="question">${q.question}</span>
      <span class="badge">${this.t(`kb.learned.${q.source}`)} · ${q.weight.toFixed(2)}</span>
      <button class="remove-learned" ?disabled=${l.busy} @click=${() => l.remove(q.id)}>${this.t("kb.learned.remove")}</button>
    </li>`;
  }

  /** The open article's learned questions: customers' words, shown as text. */
  private renderLearned(): TemplateResult | typeof nothing {
    const l = this.learned;
    if (this.editor.selectedId === null) return nothing;
    return html`<section class="learned" aria-label=${this.t("kb.learned")}>
      <h2>${this.t("kb.learned")}</h2>
      <p class="muted">${this.t("kb.learned.help")}</p>
      ${l.items.length === 0 && !l.problem ? html`<p class="muted learned-empty">${this.t("kb.learned.empty")}</p>` : nothing}
      <ul class="learned-questions">${l.items.map((q) => this.learnedItem(q))}</ul>
      ${l.problem ? html`<span class="error learned-problem" role="alert">${this.learnedProblem()}</span>` : nothing}
    </section>`;
  }

  override render() {
    if (!this.user) return nothing;
    const t = this.i18n.t.bind(this.i18n);
    const e = this.editor;
    const header = html`<div class="topbar" lang=${this.i18n.locale}>
      <span class="brand">${t("app.name")} · ${this.t("kb.title")}</span>
      <span class="spacer"></span>
      <a href="/supervisor" style="color:#fff">${this.t("kb.back")}</a>
      <span class="who">${this.user.name}</span>
      <button @click=${() => this.i18n.toggle()}>${t("lang.switch")}</button>
      <button @click=${() => logoutAndLeave()}>${t("logout")}</button>
    </div>`;
    if (this.user.role !== "admin") {
      return html`${header}<main lang=${this.i18n.locale}><p class="error" role="alert">${this.t("kb.forbidden")}</p></main>`;
    }
    const problem = e.problem;
    const invalid = (name: string) => (problem?.field === name ? "invalid" : "");
    return html`
      ${header}
      <main lang=${this.i18n.locale}>
        <aside aria-label=${this.t("kb.articles")}>
          <button class="primary new" @click=${() => e.startNew(this.i18n.locale === "en" ? "en" : "zh")}>
            ${this.t("kb.new")}
          </button>
          ${e.articles.length === 0 ? html`<p class="muted">${this.t("kb.empty")}</p>` : nothing}
          <ul class="articles">
            ${e.articles.map(
              (a) => html`<li data-article-id=${a.id}>
                <button aria-current=${e.selectedId === a.id ? "true" : "false"} @click=${() => e.select(a.id)}>
                  <span>${a.title}</span>
                  <span class="badge">${a.locale} · ${this.t(`kb.status.${a.status}`)}</span>
                </button>
              </li>`,
            )}
          </ul>
          ${this.renderSynonyms()}
        </aside>
        <section>
          <form class="article" @submit=${(ev: Event) => this.onSave(ev)} novalidate>
            <label>${this.t("kb.field.title")}
              <input name="title" class=${invalid("title")} maxlength="200" .value=${e.form.title}
                @input=${(ev: Event) => this.field("title", (ev.target as HTMLInputElement).value)} />
            </label>
            <div class="row">
              <label>${this.t("kb.field.locale")}
                <select name="locale" class=${invalid("locale")} .value=${e.form.locale}
                  @change=${(ev: Event) => this.field("locale", (ev.target as HTMLSelectElement).value as "zh" | "en")}>
                  <option value="zh" ?selected=${e.form.locale === "zh"}>${this.t("kb.locale.zh")}</option>
                  <option value="en" ?selected=${e.form.locale === "en"}>${this.t("kb.locale.en")}</option>
                </select>
              </label>
              <label>${this.t("kb.field.status")}
                <select name="status" .value=${e.form.status}
                  @change=${(ev: Event) => this.field("status", (ev.target as HTMLSelectElement).value as "draft" | "published")}>
                  <option value="draft" ?selected=${e.form.status === "draft"}>${this.t("kb.status.draft")}</option>
                  <option value="published" ?selected=${e.form.status === "published"}>${this.t("kb.status.published")}</option>
                </select>
              </label>
              <label>${this.t("kb.field.tags")}
                <input name="tags" class=${invalid("tags")} .value=${e.form.tags}
                  @input=${(ev: Event) => this.field("tags", (ev.target as HTMLInputElement).value)} />
              </label>
            </div>
            <label>${this.t("kb.field.body")}
              <textarea name="body" class=${invalid("body")} .value=${e.form.body}
                @input=${(ev: Event) => this.field("body", (ev.target as HTMLTextAreaElement).value)}></textarea>
            </label>
            <div class="actions">
              <button class="primary save" type="submit" ?disabled=${e.busy}>${this.t("kb.save")}</button>
              ${e.selectedId !== null
                ? html`<button class="delete" type="button" ?disabled=${e.busy} @click=${() => this.onDelete()}>${this.t("kb.delete")}</button>`
                : nothing}
              ${problem ? html`<span class="error problem" role="alert">${this.problemText(problem)}</span>` : nothing}
              ${e.saved ? html`<span class="ok saved" role="status">${this.t("kb.saved", { version: e.saved.version })}</span>` : nothing}
              ${e.deleted ? html`<span class="ok deleted" role="status">${this.t("kb.deleted")}</span>` : nothing}
            </div>
          </form>
          <h2>${this.t("kb.preview")}</h2>
          <div class="preview" lang=${e.form.locale === "zh" ? "zh-CN" : "en"}>
            <p class="h h1">${e.form.title}</p>
            ${renderMarkdown(e.form.body)}
          </div>
          ${this.renderLearned()}
        </section>
      </main>
    `;
  }
}
