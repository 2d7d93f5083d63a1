import type { ConversationNote, PersonRef } from "../protocol/types";

/** The private notes of the conversations the console has open, by conversation, by id. */
export class ConversationNotes {
  private readonly byConversation = new Map<number, Map<number, ConversationNote>>();

  /** Adds notes (from GET …/notes or a `note` frame); a note already held is replaced. */
  add(notes: readonly ConversationNote[]): void {
    for (const note of notes) {
      let held = this.byConversation.get(note.conversation_id);
      if (!held) {
        held = new Map();
        this.byConversation.set(note.conversation_id, held);
      }
      held.set(note.id, note);
    }
  }

  /** The conversation's notes, oldest first. */
  forConversation(conversationId: number): ConversationNote[] {
    return [...(this.byConversation.get(conversationId)?.values() ?? [])].sort((a, b) => a.at - b.at || a.id - b.id);
  }
}

/** The `@word` being typed at the end of `draft` (what a mention picker completes), or null. */
export function mentionBeingTyped(draft: string): string | null {
  const match = /(?:^|\s)@([^\s@]*)$/u.exec(draft);
  return match ? match[1] : null;
}

/** Colleagues whose name starts with (or has a word starting with) `typed`, case-insensitively. */
export function mentionCandidates<T extends PersonRef>(typed: string, colleagues: readonly T[]): T[] {
  const wanted = typed.toLocaleLowerCase();
  return colleagues.filter((c) =>
    c.name
      .toLocaleLowerCase()
      .split(/\s+/u)
      .concat(c.name.toLocaleLowerCase())
      .some((part) => part.startsWith(wanted)),
  );
}

/** Replaces the `@word` being typed at the end of `draft` with `@Name `. */
export function completeMention(draft: string, name: string): string {
  return draft.replace(/@([^\s@]*)$/u, `@${name} `);
}

/** The ids of the picked colleagues whose `@Name` is still in the note's text. */
export function mentionsIn(text: string, picked: readonly PersonRef[]): number[] {
  const ids: number[] = [];
  for (const p of picked) if (text.includes(`@${p.name}`) && !ids.includes(p.id)) ids.push(p.id);
  return ids;
}
