import { html, css, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { MessageKey } from "../i18n/i18n";
import { AdminPanel } from "./admin_panel";
import { createTag, listTags, updateTag, type CatalogueTag } from "./tags_api";
import { staffStyles } from "./staff_styles";

const KNOWN_REFUSALS = new Set(["bad_tag", "duplicate_tag", "tag_in_use"]);

/**
 * The tag catalogue in the admin console (beside the canned replies): add a tag with its zh and
 * en labels, relabel it, retire it or bring it back. Agents pick tags from it; once it holds a
 * tag, others are refused. Every value is rendered as text.
 */
@customElement("kefu-admin-tags")
export class KefuAdminTags extends AdminPanel {
  static override styles = [
    staffStyles,
    css`
      :host { display: block; margin-top: 20px; }
      section { display: grid; gap: 10px; max-width: 900px; }
      h2 { font-size: 15px; margin: 0; }
      form.add { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; border: 1px solid var(--line); border-radius: 10px; padding: 12px; }
      label { display: grid; gap: 4px; font-size: 12px; color: var(--muted); }
      input { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
      table { border-collapse: collapse; width: 100%; font-size: 13px; }
      th, td { text-align: left; padding: 6px; border-bottom: 1px solid var(--line); }
      tr.retired td.name { color: var(--muted); text-decoration: line-through; }
      .muted { color: var(--muted); }
    `,
  ];

  @state() private tags: CatalogueTag[] = [];

  protected override async load(): Promise<void> {
    try {
      this.tags = await listTags();
    } catch {
      this.problem = this.t("tags.loadFailed");
    }
  }

  protected override explain(code: string): string {
    return KNOWN_REFUSALS.has(code) ? this.t(`tags.error.${code}` as MessageKey) : this.t("shop.error.other", { code });
  }

  private async add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const tag = {
      name: String(data.get("name") ?? "").trim(),
      label_zh: String(data.get("label_zh") ?? "").trim(),
      label_en: String(data.get("label_en") ?? "").trim(),
    };
    if (await this.run(() => createTag(tag))) form.reset();
  }

  private relabel(event: SubmitEvent, tag: CatalogueTag): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    void this.run(() =>
      updateTag({ ...tag, label_zh: String(data.get("label_zh") ?? "").trim(), label_en: String(data.get("label_en") ?? "").trim() }),
    );
  }

  override render() {
    return html`<section lang=${this.i18n.locale} aria-labelledby="tags-title">
      <h2 id="tags-title">${this.t("tags.title")}</h2>
      <p class="muted">${this.t("tags.intro")}</p>
      ${this.problem ? html`<p class="error problem" role="alert">${this.problem}</p>` : nothing}
      <form class="add" @submit=${(e: SubmitEvent) => this.add(e)}>
        <label>${this.t("tags.name")}<input name="name" maxlength="40" /></label>
        <label>${this.t("tags.labelZh")}<input name="label_zh" maxlength="60" /></label>
        <label>${this.t("tags.labelEn")}<input name="label_en" maxlength="60" /></label>
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.t("tags.add")}</button>
      </form>
      ${this.tags.length === 0
        ? html`<p class="muted none">${this.t("tags.none")}</p>`
        : html`<table class="tags">
            <thead>
              <tr><th>${this.t("tags.name")}</th><th>${this.t("tags.labelZh")}</th><th>${this.t("tags.labelEn")}</th><th></th></tr>
            </thead>
            <tbody>
              ${this.tags.map(
                (tag) => html`<tr class=${tag.retired ? "retired" : "active"} data-tag=${tag.name}>
                  <td class="name">${tag.name}</td>
                  <td colspan="2">
                    <form class="relabel" @submit=${(e: SubmitEvent) => this.relabel(e, tag)}>
                      <input name="label_zh" aria-label=${this.t("tags.labelZh")} .value=${tag.label_zh} />
                      <input name="label_en" aria-label=${this.t("tags.labelEn")} .value=${tag.label_en} />
                      <button type="submit" ?disabled=${this.busy}>${this.t("admin.save")}</button>
                    </form>
                  </td>
                  <td>
                    ${tag.retired
                      ? html`<span class="muted">${this.t("tags.retired")}</span>
                          <button class="restore" ?disabled=${this.busy} @click=${() => this.run(() => updateTag({ ...tag, retired: false }))}>
                            ${this.t("tags.restore")}
                          </button>`
                      : html`<button class="retire" ?disabled=${this.busy} @click=${() => this.run(() => updateTag({ ...tag, retired: true }))}>
                          ${this.t("tags.retire")}
                        </button>`}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    </section>`;
  }
}
