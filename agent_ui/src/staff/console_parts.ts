import type { I18n } from "../i18n/i18n";
import { CommandError, type ChatSession } from "../state/chat_session";
import { conversationLanguage } from "../state/conversation_language";
import type { ConversationLog } from "../state/conversation_log";

// What the parts of the agent console (kefu-console.ts) share: the one /ws/staff session, the
// console's language, the conversation on screen and the lines that tell the agent what happened.

/** The console as its parts (composer, transfer form, thread) see it. */
export interface ConsoleParts {
  readonly session: ChatSession;
  readonly i18n: I18n;
  /** The conversation on screen, if it is one of mine. */
  selected(): ConversationLog | undefined;
  /** Shows a notice banner; `text` is called at each render (so it follows the language). */
  say(text: () => string): void;
  /** Shows (or, with null, clears) the error line above the conversations. */
  setProblem(text: string | null): void;
  /** Renders the console again. */
  requestUpdate(): void;
}

/** The text of a refused command or a failed request, in the console's language. */
export function describeProblem(i18n: I18n, error: unknown): string {
  return i18n.error(error instanceof CommandError ? error.code : "other");
}

/** The customer's language, from what they wrote in the conversation. */
export function customerLanguage(log: ConversationLog): "zh" | "en" | null {
  return conversationLanguage(log.messages().filter((m) => m.author.kind === "customer").map((m) => m.text));
}
