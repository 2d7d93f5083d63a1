import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { I18n } from "../i18n/i18n";
import { careEventLabel, segmentLabel } from "../i18n/labels";
import { HttpError } from "../net/http";
import { PRIORITIES, type Priority } from "../protocol/types";
import {
  createRule,
  listRules,
  previewRule,
  ruleLog,
  setRuleEnabled,
  updateRule,
  type CareAction,
  type CareRule,
  type RuleJob,
  type RulePreview,
} from "./care_api";
import { staffStyles } from "./staff_styles";

const SEGMENTS = ["new", "active", "vip", "at_risk", "lost"];
/** The ways a rule reaches the customer, as the form offers them (its "channel"). */
const CHANNELS = ["care_task", "customer_message", "email_customer"] as const;
type Channel = (typeof CHANNELS)[number];

function isChannel(type: string): type is Channel {
  return (CHANNELS as readonly string[]).includes(type);
}

/** Texts by locale without the empty ones (an empty text is not sent). */
function filled(texts: CareAction["text"]): CareAction["text"] {
  return Object.fromEntries(Object.entries(texts ?? {}).filter(([, text]) => text));
}

/** The rule's action that reaches the customer (the form edits the first one). */
function contactAction(rule: CareRule): CareAction | undefined {
  return rule.actions.find((a) => isChannel(a.type));
}
const MINUTES_PER_DAY = 24 * 60;

/** A new rule as the form starts it: a care task a few days after delivery. */
function blankRule(): CareRule {
  return {
    id: 0,
    builtin: null,
    name: "",
    enabled: false,
    trigger: "order_delivered",
    delay_minutes: 3 * MINUTES_PER_DAY,
    business_time: false,
    conditions: {
      segments: [],
      tags_all: [],
      tags_none: [],
      locales: [],
      channels: [],
      order_statuses: [],
      order_items: [],
      no_newer_order: false,
      no_open_conversation: false,
    },
    actions: [{ type: "care_task", text: { en: "", "zh-CN": "" } }],
    cancel_on: ["order_refunded"],
    caps: { purpose: "service", quiet_hours: true, contact_cap: true },
    goal: { kind: "reply", window_days: 14, holdout_percent: 0 },
    updated_at: 0,
  };
}

/** Gives the rule one set_priority action with `priority`, or none for "". */
function setPriority(rule: CareRule, priority: string): void {
  rule.actions = rule.actions.filter((a) => a.type !== "set_priority");
  if ((PRIORITIES as readonly string[]).includes(priority)) {
    rule.actions.push({ type: "set_priority", priority: priority as Priority });
  }
}

/**
 * The admin console's care and automation rules (docs/protocol.md, "Admin: care rules"): the
 * rules with their trigger, delay and state; enable or disable one; edit its main fields (what
 * the form does not show is kept as it is); preview who it would reach today; read its log of
 * jobs done, skipped and cancelled with the reason. Refusals show the server's typed error.
 */
@customElement("kefu-admin-rules")
export class KefuAdminRules extends LitElement {
  static override styles = [
    staffStyles,
    css`
      table { border-collapse: collapse; width: 100%; margin-top: 8px; }
      th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
      .row { display: flex; gap: 6px; flex-wrap: wrap; }
      form { display: grid; gap: 8px; max-width: 640px; border: 1px solid var(--line); border-radius: 8px; padding: 12px; margin: 12px 0; }
      label { display: grid; gap: 2px; }
      label.check { display: flex; gap: 6px; align-items: center; }
      textarea { min-height: 56px; }
      .meta { font-size: 12px; color: var(--muted); }
      .error { color: var(--warn); }
      .panel { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 8px 0; background: var(--soft); }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @state() private rules: CareRule[] | null = null;
  @state() private triggers: string[] = [];
  @state() private cancelEvents: string[] = [];
  @state() private editing: CareRule | null = null;
  @state() private preview: { id: number; result: RulePreview } | null = null;
  @state() private log: { id: number; jobs: RuleJob[] } | null = null;
  @state() private problem: string | null = null;
  @state() private notice: string | null = null;

  private unsubscribe: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = this.i18n.subscribe(() => this.requestUpdate());
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  private failed(error: unknown, key: "rules.failed" | "rules.refused"): void {
    this.problem = this.i18n.t(key, { code: error instanceof HttpError ? error.code : "offline" });
  }

  private async load(): Promise<void> {
    try {
      const list = await listRules();
      this.rules = list.rules;
      this.triggers = list.triggers;
      this.cancelEvents = list.cancel_events;
    } catch (error) {
      this.failed(error, "rules.failed");
    }
  }

  private async toggle(rule: CareRule): Promise<void> {
    try {
      this.problem = null;
      await setRuleEnabled(rule.id, !rule.enabled);
      await this.load();
    } catch (error) {
      this.failed(error, "rules.refused");
    }
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.editing) return;
    try {
      this.problem = null;
      if (this.editing.id) {
        await updateRule(this.editing);
      } else {
        await createRule(this.editing);
      }
      this.editing = null;
      this.notice = this.i18n.t("rules.saved");
      await this.load();
    } catch (error) {
      this.failed(error, "rules.refused");
    }
  }

  private async showPreview(rule: CareRule): Promise<void> {
    try {
      this.preview = { id: rule.id, result: await previewRule(rule.id) };
    } catch (error) {
      this.failed(error, "rules.refused");
    }
  }

  private async showLog(rule: CareRule): Promise<void> {
    try {
      this.log = { id: rule.id, jobs: await ruleLog(rule.id) };
    } catch (error) {
      this.failed(error, "rules.refused");
    }
  }

  /** Applies a change to the rule being edited (a copy, so Lit sees it). */
  private change(apply: (rule: CareRule) => void): void {
    if (!this.editing) return;
    const copy: CareRule = structuredClone(this.editing);
    apply(copy);
    this.editing = copy;
  }

  private delayText(minutes: number): string {
    return this.i18n.t("rules.delay", {
      days: Math.floor(minutes / MINUTES_PER_DAY),
      hours: Math.floor((minutes % MINUTES_PER_DAY) / 60),
    });
  }

  override render() {
    const t = this.i18n.t.bind(this.i18n);
    return html`<section class="rules" lang=${this.i18n.locale}>
      <h2>${t("rules.title")}</h2>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.notice ? html`<p class="meta" role="status">${this.notice}</p>` : nothing}
      <button class="new-rule" @click=${() => (this.editing = blankRule())}>${t("rules.new")}</button>
      ${this.editing ? this.renderForm(this.editing) : nothing}
      ${this.rules === null
        ? html`<p class="meta">${t("rules.loading")}</p>`
        : html`<table>
            <thead>
              <tr>
                <th>${t("rules.col.name")}</th>
                <th>${t("rules.col.trigger")}</th>
                <th>${t("rules.col.delay")}</th>
                <th>${t("rules.col.state")}</th>
                <th>${t("rules.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              ${this.rules.map((rule) => this.renderRule(rule))}
            </tbody>
          </table>`}
    </section>`;
  }

  private renderRule(rule: CareRule) {
    const t = this.i18n.t.bind(this.i18n);
    return html`<tr data-rule=${rule.id}>
      <td>${rule.name}</td>
      <td>${careEventLabel(this.i18n, rule.trigger)}</td>
      <td>${this.delayText(rule.delay_minutes)}</td>
      <td class="state">${rule.enabled ? t("rules.on") : t("rules.off")}</td>
      <td>
        <div class="row">
          <button class="toggle" @click=${() => this.toggle(rule)}>${rule.enabled ? t("rules.disable") : t("rules.enable")}</button>
          <button class="edit" @click=${() => (this.editing = structuredClone(rule))}>${t("rules.edit")}</button>
          <button class="preview" @click=${() => this.showPreview(rule)}>${t("rules.preview")}</button>
          <button class="log" @click=${() => this.showLog(rule)}>${t("rules.log")}</button>
        </div>
        ${this.preview?.id === rule.id
          ? html`<div class="panel preview-result">
              ${t("rules.previewResult", { reached: this.preview.result.reached, triggers: this.preview.result.triggers })}
              <div class="meta">${this.preview.result.customers.map((c) => c.name).join(", ")}</div>
            </div>`
          : nothing}
        ${this.log?.id === rule.id
          ? html`<div class="panel rule-log">
              ${this.log.jobs.length === 0 ? html`<p class="meta">${t("rules.logEmpty")}</p>` : nothing}
              ${this.log.jobs.map(
                (job) => html`<div class="meta">
                  ${t(`rules.job.${job.status}`)} · ${t("rules.log.customer", { id: String(job.customer_id) })} ·
                  ${t("rules.log.due", { time: this.i18n.dateTime(job.due_at) })}${job.reason ? ` · ${job.reason}` : ""}
                </div>`,
              )}
            </div>`
          : nothing}
      </td>
    </tr>`;
  }

  private renderForm(rule: CareRule) {
    const t = this.i18n.t.bind(this.i18n);
    const contact = contactAction(rule);
    const priority = rule.actions.find((a) => a.type === "set_priority");
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    const checked = (e: Event) => (e.target as HTMLInputElement).checked;
    const days = Math.floor(rule.delay_minutes / MINUTES_PER_DAY);
    const hours = Math.floor((rule.delay_minutes % MINUTES_PER_DAY) / 60);
    const setDelay = (d: number, h: number) =>
      this.change((r) => (r.delay_minutes = Math.max(0, Math.round(d)) * MINUTES_PER_DAY + Math.max(0, Math.round(h)) * 60));
    const setText = (field: "text" | "subject", locale: "en" | "zh-CN", text: string) =>
      this.change((r) => {
        const action = contactAction(r);
        if (!action) return;
        const texts = { ...action[field], [locale]: text };
        // An empty text is left out: the customer then gets the other language's.
        if (!text) delete texts[locale];
        action[field] = texts;
      });
    // Another channel keeps the texts; a care task's team and an e-mail's subject only go with
    // their own channel.
    const setChannel = (channel: Channel) =>
      this.change((r) => {
        const index = r.actions.findIndex((a) => isChannel(a.type));
        const before = index >= 0 ? r.actions[index] : undefined;
        const replaced: CareAction = { type: channel, text: filled(before?.text) };
        if (channel === "email_customer") replaced.subject = filled(before?.subject);
        if (index >= 0) r.actions[index] = replaced;
        else r.actions.push(replaced);
      });
    const textLabel = (locale: "en" | "zh-CN") =>
      contact?.type === "care_task"
        ? t(locale === "en" ? "rules.field.textEn" : "rules.field.textZh")
        : t(locale === "en" ? "rules.field.bodyEn" : "rules.field.bodyZh");
    return html`<form class="rule-form" @submit=${this.save}>
      <label>${t("rules.field.name")}<input name="name" required maxlength="200" .value=${rule.name}
        @input=${(e: Event) => this.change((r) => (r.name = value(e)))} /></label>
      <label>${t("rules.field.trigger")}
        <select name="trigger" @change=${(e: Event) => this.change((r) => (r.trigger = value(e)))}>
          ${this.triggers.map((name) => html`<option value=${name} ?selected=${name === rule.trigger}>${careEventLabel(this.i18n, name)}</option>`)}
        </select></label>
      <div class="row">
        <label>${t("rules.field.delayDays")}<input name="delay_days" type="number" min="0" max="400" .value=${String(days)}
          @input=${(e: Event) => setDelay(Number(value(e)), hours)} /></label>
        <label>${t("rules.field.delayHours")}<input name="delay_hours" type="number" min="0" max="23" .value=${String(hours)}
          @input=${(e: Event) => setDelay(days, Number(value(e)))} /></label>
      </div>
      <label>${t("rules.field.channel")}
        <select name="channel" @change=${(e: Event) => setChannel(value(e) as Channel)}>
          ${CHANNELS.map((c) => html`<option value=${c} ?selected=${contact?.type === c}>${t(`rules.channel.${c}` as "rules.channel.care_task")}</option>`)}
        </select></label>
      ${contact?.type === "care_task"
        ? html`<label>${t("rules.field.team")}<input name="team" maxlength="100" .value=${contact.team ?? ""}
            @input=${(e: Event) => this.change((r) => {
              const action = contactAction(r);
              if (!action) return;
              if (value(e)) action.team = value(e);
              else delete action.team;
            })} /></label>`
        : nothing}
      ${contact?.type === "email_customer"
        ? html`<label>${t("rules.field.subjectEn")}<input name="subject_en" maxlength="200" .value=${contact.subject?.en ?? ""}
              @input=${(e: Event) => setText("subject", "en", value(e))} /></label>
            <label>${t("rules.field.subjectZh")}<input name="subject_zh" maxlength="200" .value=${contact.subject?.["zh-CN"] ?? ""}
              @input=${(e: Event) => setText("subject", "zh-CN", value(e))} /></label>
            <p class="meta">${t("rules.channel.emailNote")}</p>`
        : nothing}
      ${contact
        ? html`<label>${textLabel("en")}<textarea name="text_en" .value=${contact.text?.en ?? ""}
              @input=${(e: Event) => setText("text", "en", value(e))}></textarea></label>
            <label>${textLabel("zh-CN")}<textarea name="text_zh" .value=${contact.text?.["zh-CN"] ?? ""}
              @input=${(e: Event) => setText("text", "zh-CN", value(e))}></textarea></label>
            <p class="meta">${t("rules.placeholders")}</p>`
        : nothing}
      <label>${t("rules.field.setPriority")}
        <select name="set_priority" @change=${(e: Event) => this.change((r) => setPriority(r, value(e)))}>
          <option value="" ?selected=${!priority}>${t("rules.setPriority.none")}</option>
          ${PRIORITIES.map((p) => html`<option value=${p} ?selected=${priority?.priority === p}>${t(`priority.${p}`)}</option>`)}
        </select></label>
      <fieldset><legend>${t("rules.field.segments")}</legend>
        ${SEGMENTS.map((s) => html`<label class="check"><input type="checkbox" ?checked=${rule.conditions.segments.includes(s)}
          @change=${(e: Event) => this.change((r) => {
            r.conditions.segments = checked(e) ? [...r.conditions.segments, s] : r.conditions.segments.filter((x) => x !== s);
          })} />${segmentLabel(this.i18n, s)}</label>`)}
      </fieldset>
      <label class="check"><input type="checkbox" name="no_newer_order" ?checked=${rule.conditions.no_newer_order}
        @change=${(e: Event) => this.change((r) => (r.conditions.no_newer_order = checked(e)))} />${t("rules.field.noNewerOrder")}</label>
      <label class="check"><input type="checkbox" name="no_open_conversation" ?checked=${rule.conditions.no_open_conversation}
        @change=${(e: Event) => this.change((r) => (r.conditions.no_open_conversation = checked(e)))} />${t("rules.field.noOpenConversation")}</label>
      <fieldset><legend>${t("rules.field.cancelOn")}</legend>
        ${this.cancelEvents.map((name) => html`<label class="check"><input type="checkbox" ?checked=${rule.cancel_on.includes(name)}
          @change=${(e: Event) => this.change((r) => {
            r.cancel_on = checked(e) ? [...r.cancel_on, name] : r.cancel_on.filter((x) => x !== name);
          })} />${careEventLabel(this.i18n, name)}</label>`)}
      </fieldset>
      <label>${t("rules.field.purpose")}
        <select name="purpose" @change=${(e: Event) => this.change((r) => (r.caps.purpose = value(e) as "service" | "marketing"))}>
          <option value="service" ?selected=${rule.caps.purpose === "service"}>${t("rules.purpose.service")}</option>
          <option value="marketing" ?selected=${rule.caps.purpose === "marketing"}>${t("rules.purpose.marketing")}</option>
        </select></label>
      <label class="check"><input type="checkbox" name="quiet_hours" ?checked=${rule.caps.quiet_hours}
        @change=${(e: Event) => this.change((r) => (r.caps.quiet_hours = checked(e)))} />${t("rules.field.quietHours")}</label>
      <div class="row">
        <label>${t("rules.field.goal")}
          <select name="goal_kind" @change=${(e: Event) => this.change((r) => (r.goal.kind = value(e)))}>
            ${["none", "reply", "repurchase", "rating"].map(
              (k) => html`<option value=${k} ?selected=${rule.goal.kind === k}>${t(`rules.goal.${k}` as "rules.goal.none")}</option>`,
            )}
          </select></label>
        <label>${t("rules.field.goalWindow")}<input name="goal_window" type="number" min="1" max="365" .value=${String(rule.goal.window_days)}
          @input=${(e: Event) => this.change((r) => (r.goal.window_days = Math.round(Number(value(e)))))} /></label>
      </div>
      <label>${t("rules.field.holdout")}<input name="holdout" type="number" min="0" max="50" .value=${String(rule.goal.holdout_percent)}
        @input=${(e: Event) => this.change((r) => (r.goal.holdout_percent = Math.round(Number(value(e)))))} /></label>
      <div class="row">
        <button class="primary save" type="submit">${t("rules.save")}</button>
        <button type="button" @click=${() => (this.editing = null)}>${t("rules.cancel")}</button>
      </div>
    </form>`;
  }
}
