// The webhooks section's interface texts in English and Simplified Chinese (same keys; a unit
// test checks that they match).
import type { Locale } from "./i18n";

const en = {
  "hooks.title": "Webhooks",
  "hooks.intro": "Kefu tells the shop's systems what happens by signed HTTP POSTs (Standard Webhooks). The signing secret is shown once.",
  "hooks.url": "Receiver URL",
  "hooks.description": "Description",
  "hooks.types": "Events",
  "hooks.create": "Add webhook",
  "hooks.secret": "Copy this signing secret now: it will not be shown again.",
  "hooks.done": "I stored it",
  "hooks.none": "No webhooks yet.",
  "hooks.enabled": "active",
  "hooks.disabled": "disabled ({reason})",
  "hooks.enable": "Enable",
  "hooks.disable": "Disable",
  "hooks.test": "Send test event",
  "hooks.rotate": "New secret",
  "hooks.remove": "Remove",
  "hooks.log": "Delivery log",
  "hooks.hideLog": "Hide log",
  "hooks.noDeliveries": "No deliveries yet.",
  "hooks.replay": "Replay",
  "hooks.state": "State",
  "hooks.status": "Response",
  "hooks.attempts": "Attempts",
  "hooks.at": "Last attempt",
  "hooks.never": "not yet",
  "hooks.error.bad_url": "Give an http or https URL without a user name or password.",
  "hooks.error.forbidden_address": "Webhooks do not go to loopback, private or link-local addresses.",
  "hooks.error.no_event_types": "Choose at least one event.",
  "hooks.error.other": "The server did not accept this ({code}).",
};

type WebhookTextKey = keyof typeof en;

const zh: Record<WebhookTextKey, string> = {
  "hooks.title": "Webhook",
  "hooks.intro": "Kefu 通过签名的 HTTP POST（Standard Webhooks）把发生的事情告诉商店的系统。签名密钥只显示一次。",
  "hooks.url": "接收地址",
  "hooks.description": "说明",
  "hooks.types": "事件",
  "hooks.create": "添加 Webhook",
  "hooks.secret": "请立即复制此签名密钥：它不会再次显示。",
  "hooks.done": "我已保存",
  "hooks.none": "还没有 Webhook。",
  "hooks.enabled": "启用中",
  "hooks.disabled": "已停用（{reason}）",
  "hooks.enable": "启用",
  "hooks.disable": "停用",
  "hooks.test": "发送测试事件",
  "hooks.rotate": "更换密钥",
  "hooks.remove": "删除",
  "hooks.log": "投递记录",
  "hooks.hideLog": "收起记录",
  "hooks.noDeliveries": "还没有投递。",
  "hooks.replay": "重新投递",
  "hooks.state": "状态",
  "hooks.status": "响应",
  "hooks.attempts": "尝试次数",
  "hooks.at": "最近尝试",
  "hooks.never": "尚未",
  "hooks.error.bad_url": "请填写 http 或 https 地址，不要包含用户名或密码。",
  "hooks.error.forbidden_address": "Webhook 不会发往本机、内网或链路本地地址。",
  "hooks.error.no_event_types": "请至少选择一个事件。",
  "hooks.error.other": "服务器没有接受此更改（{code}）。",
};

export type { WebhookTextKey };
export const WEBHOOK_TEXTS: Record<Locale, Record<WebhookTextKey, string>> = { en, "zh-CN": zh };

/** The text for `key` in `locale`, with {name} placeholders filled from `values`. */
export function webhookText(locale: Locale, key: WebhookTextKey, values: Record<string, string | number> = {}): string {
  return WEBHOOK_TEXTS[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
