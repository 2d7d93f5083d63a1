/**
 * A mail's own words and the quoted history below them (the earlier messages a mail client
 * copies into a reply), found in the text: the console shows the words and folds the history
 * behind a toggle. Only text is split; nothing is ever read as HTML.
 */
export interface QuotedSplit {
  /** What the customer wrote this time (trimmed). */
  own: string;
  /** The quoted history from its first line on, or "" when there is none. */
  quoted: string;
}

/** Lines that open a quoted history, each tried on one line (trimmed). */
const OPENERS: readonly RegExp[] = [
  // Gmail, Apple Mail, Thunderbird: "On Mon, 1 Dec 2026 at 10:00, Ann <ann@x> wrote:"
  /^On\b.{0,300}\bwrote:$/i,
  // Chinese clients (QQ Mail, NetEase, Foxmail, Gmail in Chinese): "在 2026年12月1日 10:00，Ann 写道："
  /^在.{0,300}(写道|寫道)[:：]$/,
  // "2026年12月1日 10:00 Ann <ann@x> 写道："
  /^.{0,300}(写道|寫道)[:：]$/,
  // Outlook
  /^-{2,}\s*Original Message\s*-{2,}$/i,
  /^-{2,}\s*(原始邮件|原始郵件|原邮件)\s*-{2,}$/,
];

/** Outlook's header block without a separator line: "From: ..." or "发件人: ..." followed by more. */
const OUTLOOK_FROM = /^(From|发件人|寄件者)\s*[:：]/i;
const OUTLOOK_NEXT = /^(Sent|Date|To|Subject|发送时间|日期|收件人|主题|寄件日期|主旨)\s*[:：]/i;

/** Splits `text` at the first line that starts its quoted history. */
export function splitQuoted(text: string): QuotedSplit {
  const lines = text.split("\n");
  const at = historyStart(lines);
  if (at === null) return { own: text, quoted: "" };
  const own = lines.slice(0, at).join("\n").trimEnd();
  const quoted = lines.slice(at).join("\n").trim();
  // A mail that is nothing but a quote keeps its text as it is: there is nothing to fold it under.
  if (own.trim() === "" || quoted === "") return { own: text, quoted: "" };
  return { own, quoted };
}

function historyStart(lines: string[]): number | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    if (OPENERS.some((re) => re.test(line))) return i;
    // "On Mon, 1 Dec 2026, Ann <ann@x>" / "wrote:" wrapped over two lines.
    if (/^On\b/i.test(line) && /^.{0,200}\bwrote:$/i.test((lines[i + 1] ?? "").trim())) return i;
    if (OUTLOOK_FROM.test(line) && OUTLOOK_NEXT.test((lines[i + 1] ?? "").trim())) return i;
    // A run of "> " lines to the end (what is left after it is only more quote or blank).
    if (line.startsWith(">") && lines.slice(i).every((l) => l.trim() === "" || l.trim().startsWith(">"))) {
      return i;
    }
  }
  return null;
}
