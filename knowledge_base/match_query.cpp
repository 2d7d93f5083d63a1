#include "knowledge_base/match_query.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace kefu::kb {

std::string match_any(const std::vector<std::string>& terms) {
  std::string out;
  for (const std::string& term : terms) {
    if (term.empty()) continue;
    if (!out.empty()) out += " OR ";
    out += '"';
    for (char c : term) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

std::vector<std::string> unicode61_words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c >= 0 && (u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK)) {
      word.append(text.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

}  // namespace kefu::kb
