// The API keys section's interface texts in English and Simplified Chinese (same keys; a unit
// test checks that they match). Kept apart so the shared catalogue stays small.
import type { Locale } from "./i18n";

const en = {
  "keys.title": "API keys",
  "keys.intro": "Keys let the shop's own systems call Kefu's API. A key is shown once; store it in that system.",
  "keys.name": "Name",
  "keys.scopes": "Scopes",
  "keys.rate": "Requests per minute",
  "keys.create": "Create key",
  "keys.created": "Copy this key now: it will not be shown again.",
  "keys.copy": "Copy",
  "keys.copied": "Copied.",
  "keys.done": "I stored it",
  "keys.none": "No API keys yet.",
  "keys.prefix": "Key",
  "keys.lastUsed": "Last used",
  "keys.never": "never",
  "keys.createdAt": "Created",
  "keys.revoked": "Revoked {at}",
  "keys.revoke": "Revoke",
  "keys.confirmRevoke": "Revoke “{name}”? Systems using it stop working at once.",
  "keys.yesRevoke": "Yes, revoke",
  "keys.cancel": "Cancel",
  "keys.error.bad_name": "Give the key a name (1 to 100 characters).",
  "keys.error.no_scopes": "Choose at least one scope.",
  "keys.error.unknown_scope": "A scope is not known to the server.",
  "keys.error.duplicate_scope": "A scope was chosen twice.",
  "keys.error.bad_rate": "The rate must be a whole number from 1 to 10000.",
  "keys.error.other": "The server did not accept the change ({code}).",
};

type ApiKeyTextKey = keyof typeof en;

const zh: Record<ApiKeyTextKey, string> = {
  "keys.title": "API 密钥",
  "keys.intro": "密钥让商店自己的系统调用 Kefu 的 API。密钥只显示一次，请保存在该系统中。",
  "keys.name": "名称",
  "keys.scopes": "权限范围",
  "keys.rate": "每分钟请求数",
  "keys.create": "创建密钥",
  "keys.created": "请立即复制此密钥：之后不会再显示。",
  "keys.copy": "复制",
  "keys.copied": "已复制。",
  "keys.done": "我已保存",
  "keys.none": "还没有 API 密钥。",
  "keys.prefix": "密钥",
  "keys.lastUsed": "最近使用",
  "keys.never": "从未",
  "keys.createdAt": "创建于",
  "keys.revoked": "已于 {at} 吊销",
  "keys.revoke": "吊销",
  "keys.confirmRevoke": "吊销“{name}”？使用它的系统将立即停止工作。",
  "keys.yesRevoke": "确认吊销",
  "keys.cancel": "取消",
  "keys.error.bad_name": "请填写密钥名称（1 到 100 个字符）。",
  "keys.error.no_scopes": "请至少选择一个权限范围。",
  "keys.error.unknown_scope": "服务器不认识某个权限范围。",
  "keys.error.duplicate_scope": "某个权限范围被选了两次。",
  "keys.error.bad_rate": "速率必须是 1 到 10000 的整数。",
  "keys.error.other": "服务器没有接受此更改（{code}）。",
};

export type { ApiKeyTextKey };
export const API_KEY_TEXTS: Record<Locale, Record<ApiKeyTextKey, string>> = { en, "zh-CN": zh };

/** The text for `key` in `locale`, with {name} placeholders filled from `values`. */
export function apiKeyText(locale: Locale, key: ApiKeyTextKey, values: Record<string, string | number> = {}): string {
  return API_KEY_TEXTS[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
