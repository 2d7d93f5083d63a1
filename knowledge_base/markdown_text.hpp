#pragma once

#include <string>
#include <string_view>

namespace kefu::kb {

// The text a reader sees in an article's Markdown body, for snippets shown to agents and
// customers: heading, quote and bullet marks at the start of a line, code fences, rules,
// emphasis (`*`, `_`, `**`, `__`, `~~`) and code backticks are dropped, links and images keep
// their text (`[text](url)` -> text), and `\*` stands for a plain `*`. Ordered list numbers
// stay. Marks inside a word (`snake_case`, `5*3`) or between spaces (`2 * 3`) are text, but a
// `*` beside a Chinese character is emphasis (Chinese puts no spaces around words). Line breaks
// stay. The result is never HTML; pages render it as text.
std::string markdown_to_plain_text(std::string_view markdown);

}  // namespace kefu::kb
