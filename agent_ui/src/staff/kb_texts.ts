// The article editor's interface texts in English and Simplified Chinese (same keys; a unit
// test checks that they match). Kept beside the editor so the shared catalogue stays small.
import type { Locale } from "../i18n/i18n";

const en = {
  "kb.title": "Knowledge base",
  "kb.articles": "Articles",
  "kb.new": "New article",
  "kb.empty": "No articles yet.",
  "kb.field.title": "Title",
  "kb.field.body": "Body (Markdown)",
  "kb.field.locale": "Language",
  "kb.field.tags": "Tags (comma separated)",
  "kb.field.status": "Status",
  "kb.status.draft": "Draft",
  "kb.status.published": "Published",
  "kb.locale.zh": "Chinese",
  "kb.locale.en": "English",
  "kb.save": "Save",
  "kb.delete": "Delete",
  "kb.confirmDelete": "Delete this article for good?",
  "kb.preview": "Preview",
  "kb.saved": "Saved (version {version}).",
  "kb.deleted": "Article deleted.",
  "kb.forbidden": "Only admins edit the knowledge base.",
  "kb.failed": "The server did not accept the change. Try again.",
  "kb.taken": "Another article already uses this name.",
  "kb.error.title": "Give the article a title (at most 200 characters).",
  "kb.error.body": "The body is too long.",
  "kb.error.locale": "Choose Chinese or English.",
  "kb.error.tags": "Tags are 1 to 40 characters each, at most 20, without commas.",
  "kb.error.other": "Check the article: {message}",
  "kb.back": "Back",
  "kb.synonyms": "Synonyms",
  "kb.synonyms.help": "Words customers use for one thing, separated by commas, e.g. bag, tote. Traditional Chinese is fine.",
  "kb.synonyms.add": "Add",
  "kb.synonyms.remove": "Remove",
  "kb.synonyms.builtIn": "{count} built-in groups besides.",
  "kb.synonyms.words": "Give 2 to 20 words separated by commas, none with a comma.",
};

export type KbTextKey = keyof typeof en;

const zh: Record<KbTextKey, string> = {
  "kb.title": "知识库",
  "kb.articles": "文章",
  "kb.new": "新建文章",
  "kb.empty": "还没有文章。",
  "kb.field.title": "标题",
  "kb.field.body": "正文（Markdown）",
  "kb.field.locale": "语言",
  "kb.field.tags": "标签（用逗号分隔）",
  "kb.field.status": "状态",
  "kb.status.draft": "草稿",
  "kb.status.published": "已发布",
  "kb.locale.zh": "中文",
  "kb.locale.en": "英文",
  "kb.save": "保存",
  "kb.delete": "删除",
  "kb.confirmDelete": "确定永久删除这篇文章吗？",
  "kb.preview": "预览",
  "kb.saved": "已保存（第 {version} 版）。",
  "kb.deleted": "文章已删除。",
  "kb.forbidden": "只有管理员可以编辑知识库。",
  "kb.failed": "服务器没有接受这次修改，请重试。",
  "kb.taken": "已有文章使用这个名称。",
  "kb.error.title": "请填写标题（最多 200 个字符）。",
  "kb.error.body": "正文太长。",
  "kb.error.locale": "请选择中文或英文。",
  "kb.error.tags": "每个标签 1 到 40 个字符，最多 20 个，不能含逗号。",
  "kb.error.other": "请检查文章：{message}",
  "kb.back": "返回",
  "kb.synonyms": "同义词",
  "kb.synonyms.help": "顾客对同一件事的不同说法，用逗号分隔，例如：手提袋, 纸袋。繁体也可以。",
  "kb.synonyms.add": "添加",
  "kb.synonyms.remove": "删除",
  "kb.synonyms.builtIn": "另有 {count} 组内置同义词。",
  "kb.synonyms.words": "请填写 2 到 20 个词，用逗号分隔，每个词不能含逗号。",
};

export const KB_TEXTS: Record<Locale, Record<KbTextKey, string>> = { en, "zh-CN": zh };

/** The text for `key` in `locale`, with {name} placeholders filled from `values`. */
export function kbText(locale: Locale, key: KbTextKey, values: Record<string, string | number> = {}): string {
  return KB_TEXTS[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
