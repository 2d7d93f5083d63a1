import { describe, expect, it } from "vitest";
import { ConversationNotes, completeMention, mentionBeingTyped, mentionCandidates, mentionsIn } from "./conversation_notes";

const bob = { id: 4, name: "Bob Li" };
const wei = { id: 5, name: "Wang Wei" };

describe("ConversationNotes", () => {
  it("keeps each note once, oldest first, per conversation", () => {
    const notes = new ConversationNotes();
    const note = (id: number, at: number, conversation_id = 42) => ({
      id, conversation_id, at, text: `n${id}`, author: bob, mentions: [],
    });
    notes.add([note(2, 20), note(1, 10)]);
    notes.add([note(2, 20), note(3, 5, 43)]);
    expect(notes.forConversation(42).map((n) => n.id)).toEqual([1, 2]);
    expect(notes.forConversation(43).map((n) => n.id)).toEqual([3]);
    expect(notes.forConversation(44)).toEqual([]);
  });
});

describe("mentions", () => {
  it("finds the @word being typed and completes it with a colleague's name", () => {
    expect(mentionBeingTyped("ask @bo")).toBe("bo");
    expect(mentionBeingTyped("@")).toBe("");
    expect(mentionBeingTyped("mail@example")).toBeNull();
    expect(mentionBeingTyped("ask @bob now")).toBeNull();
    expect(mentionCandidates("li", [bob, wei])).toEqual([bob]);
    expect(mentionCandidates("wa", [bob, wei])).toEqual([wei]);
    expect(completeMention("ask @bo", "Bob Li")).toBe("ask @Bob Li ");
  });

  it("sends only the picked colleagues still named in the text", () => {
    expect(mentionsIn("@Bob Li did we ship?", [bob, wei])).toEqual([4]);
    expect(mentionsIn("nobody", [bob])).toEqual([]);
    expect(mentionsIn("@Bob Li and @Bob Li", [bob, bob])).toEqual([4]);
  });
});
