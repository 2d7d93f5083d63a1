/**
 * The language a customer writes in, from their messages: "zh" when Chinese characters are at
 * least a fifth of their letters, "en" when they wrote letters otherwise, null before they wrote
 * any. The console shows it on the conversation, and canned replies follow it rather than the
 * agent's interface language.
 */
export function conversationLanguage(customerTexts: readonly string[]): "zh" | "en" | null {
  let han = 0;
  let letters = 0;
  for (const text of customerTexts) {
    for (const ch of text) {
      if (/\p{Script=Han}/u.test(ch)) {
        han += 1;
        letters += 1;
      } else if (/\p{L}/u.test(ch)) {
        letters += 1;
      }
    }
  }
  if (letters === 0) return null;
  return han * 5 >= letters ? "zh" : "en";
}
