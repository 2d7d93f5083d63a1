import type { ServerEvent, SuggestedArticle, TriedAnswer } from "../protocol/types";
import { plainSnippet } from "./highlight";
import { markdownPlainText } from "../markdown/plain_text";

/** How many suggestions the console shows for a conversation. */
export const MAX_SUGGESTIONS = 5;

/**
 * The knowledge-base suggestions by conversation, from `suggestions` frames: the newest frame
 * replaces the earlier ones, articles best first, malformed ones dropped. Remembers which
 * articles the agent used, so the console can mark them.
 */
export class Suggestions {
  private readonly byConversation = new Map<number, SuggestedArticle[]>();
  private readonly used = new Map<number, Set<number>>();
  private readonly tried = new Map<number, TriedAnswer[]>();

  /** Applies a server event; returns true when it changed the suggestions. */
  apply(event: ServerEvent): boolean {
    if (event.type !== "suggestions" || typeof event.conversation_id !== "number") return false;
    const articles = (Array.isArray(event.articles) ? event.articles : [])
      .filter((a) => a && typeof a.id === "number" && typeof a.title === "string")
      .map((a) => ({
        ...a,
        snippet: typeof a.snippet === "string" ? a.snippet : "",
        body: typeof a.body === "string" ? a.body : "",
        score: typeof a.score === "number" ? a.score : 0,
        confident: a.confident === true && a.rejected !== true,
        rejected: a.rejected === true,
      }))
      // Best first, but never an article the customer already said did not help.
      .sort((a, b) => Number(a.rejected) - Number(b.rejected) || b.score - a.score)
      .slice(0, MAX_SUGGESTIONS);
    this.byConversation.set(event.conversation_id, articles);
    const tried = (Array.isArray(event.tried) ? event.tried : []).filter(
      (t) => t && typeof t.id === "number" && typeof t.title === "string",
    );
    this.tried.set(
      event.conversation_id,
      tried.map((t) => ({ id: t.id, title: t.title, at: typeof t.at === "number" ? t.at : 0, helped: typeof t.helped === "boolean" ? t.helped : null })),
    );
    return true;
  }

  /** The automatic answers the conversation's customer saw in the widget, oldest first. */
  triedIn(conversationId: number): readonly TriedAnswer[] {
    return this.tried.get(conversationId) ?? [];
  }

  forConversation(conversationId: number): readonly SuggestedArticle[] {
    return this.byConversation.get(conversationId) ?? [];
  }

  /** Records that the agent inserted `articleId`; returns the body for POST /api/kb/used. */
  markUsed(conversationId: number, articleId: number): { conversation_id: number; article_id: number } {
    let set = this.used.get(conversationId);
    if (!set) this.used.set(conversationId, (set = new Set()));
    set.add(articleId);
    return { conversation_id: conversationId, article_id: articleId };
  }

  wasUsed(conversationId: number, articleId: number): boolean {
    return this.used.get(conversationId)?.has(articleId) ?? false;
  }
}

/**
 * The text an article puts into the reply box: its body as plain text (the customer reads plain
 * text): paragraphs reflowed into one line each, Markdown turned into plain formatting
 * (markdownPlainText); the snippet or the title when the body is empty.
 */
export function articleReplyText(article: Pick<SuggestedArticle, "title" | "body" | "snippet">): string {
  const body = markdownPlainText(article.body);
  return body || plainSnippet(article.snippet).trim() || article.title;
}

/** Puts `insert` into `draft`: replaces an empty draft, else appends on a new paragraph. */
export function insertIntoDraft(draft: string, insert: string): string {
  return draft.trim() ? `${draft.replace(/\s+$/, "")}\n\n${insert}` : insert;
}
