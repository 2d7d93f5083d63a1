#include "knowledge_base/markdown_text.hpp"

#include <cctype>

namespace kefu::kb {
namespace {

// Letters and digits of any script: a byte of a multi-byte UTF-8 sequence counts as one.
bool word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || std::isalnum(u) != 0;
}

bool blank(char c) {
  return c == ' ' || c == '\t';
}

// The line without its block marks: indentation, `>` quotes, `#` headings, bullets.
std::string_view strip_block_marks(std::string_view line) {
  std::size_t at = 0;
  for (;;) {
    while (at < line.size() && blank(line[at])) ++at;
    if (at < line.size() && line[at] == '>') {
      ++at;
      continue;
    }
    break;
  }
  std::size_t hashes = 0;
  while (at + hashes < line.size() && line[at + hashes] == '#') ++hashes;
  if (hashes >= 1 && hashes <= 6 && (at + hashes == line.size() || blank(line[at + hashes]))) {
    at += hashes;
  } else if (at + 1 < line.size() && (line[at] == '-' || line[at] == '*' || line[at] == '+') &&
             blank(line[at + 1])) {
    at += 2;
  }
  while (at < line.size() && blank(line[at])) ++at;
  return line.substr(at);
}

// A line of only `-`, `*` or `_` (three or more, spaces allowed): a thematic break.
bool is_rule(std::string_view line) {
  char mark = 0;
  int count = 0;
  for (char c : line) {
    if (blank(c)) continue;
    if (c != '-' && c != '*' && c != '_') return false;
    if (mark != 0 && c != mark) return false;
    mark = c;
    ++count;
  }
  return count >= 3;
}

bool is_fence(std::string_view line) {
  std::size_t at = 0;
  while (at < line.size() && blank(line[at])) ++at;
  return line.substr(at).starts_with("```") || line.substr(at).starts_with("~~~");
}

// Position of the `)` closing a link destination that starts at `open` (a `(`), or npos.
std::size_t destination_end(std::string_view text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth == 0) return i;
    if (text[i] == '\n') break;
  }
  return std::string_view::npos;
}

// Inline marks of one line.
void append_inline(std::string_view text, std::string& out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size() && std::ispunct(static_cast<unsigned char>(text[i + 1]))) {
      out += text[++i];
      continue;
    }
    if (c == '`') continue;
    if (c == '!' && i + 1 < text.size() && text[i + 1] == '[') continue;  // image: keep its alt
    if (c == '[') {
      const std::size_t close = text.find(']', i);
      if (close != std::string_view::npos && close + 1 < text.size() &&
          (text[close + 1] == '(' || text[close + 1] == '[')) {
        const std::size_t end =
            text[close + 1] == '(' ? destination_end(text, close + 1) : text.find(']', close + 1);
        if (end != std::string_view::npos) {
          append_inline(text.substr(i + 1, close - i - 1), out);
          i = end;
          continue;
        }
      }
    }
    if (c == '*' || c == '_' || c == '~') {
      std::size_t run = 1;
      while (i + run < text.size() && text[i + run] == c) ++run;
      const bool before_word = i > 0 && word_byte(text[i - 1]);
      const bool after_word = i + run < text.size() && word_byte(text[i + run]);
      const bool before_space = i == 0 || blank(text[i - 1]);
      const bool after_space = i + run == text.size() || blank(text[i + run]);
      // Emphasis opens before text or closes after it; a run inside a word or between spaces
      // is text, and `~` counts only doubled (strikethrough). Chinese has no spaces, so a `*`
      // run touching a non-ASCII character is emphasis even inside a "word".
      const bool opens = !after_space && !before_word;
      const bool closes = !before_space && !after_word;
      const bool beside_han =
          c == '*' &&
          ((i > 0 && static_cast<unsigned char>(text[i - 1]) >= 0x80) ||
           (i + run < text.size() && static_cast<unsigned char>(text[i + run]) >= 0x80));
      if ((opens || closes || beside_han) && !(c == '~' && run != 2)) {
        i += run - 1;
        continue;
      }
      out.append(text.substr(i, run));
      i += run - 1;
      continue;
    }
    out += c;
  }
}

}  // namespace

std::string markdown_to_plain_text(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size());
  bool in_code = false;
  bool first = true;
  std::size_t at = 0;
  while (at <= markdown.size()) {
    std::size_t end = markdown.find('\n', at);
    if (end == std::string_view::npos) end = markdown.size();
    std::string_view line = markdown.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    at = end + 1;
    if (is_fence(line)) {
      in_code = !in_code;
      continue;
    }
    if (!in_code && is_rule(line)) continue;
    if (!first) out += '\n';
    first = false;
    if (in_code) {
      out.append(line);
    } else {
      append_inline(strip_block_marks(line), out);
    }
  }
  return out;
}

}  // namespace kefu::kb
