#include "knowledge_base/homophone_index.hpp"

#include <unicode/utf8.h>

#include "knowledge_base/han_script.hpp"
#include "knowledge_base/pinyin_reading.hpp"

namespace kefu::kb {
namespace {

// Whether the UTF-8 `text` is exactly two Han characters.
bool is_two_han(const std::string& text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  for (int n = 0; n < 2; ++n) {
    if (i >= length) return false;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0 || !is_han(c)) return false;
  }
  return i == length;
}

// Whether `a` ranks before `b`: more articles, then code point order (UTF-8 byte order).
bool before(double a_documents, const std::string& a, double b_documents, const std::string& b) {
  return a_documents != b_documents ? a_documents > b_documents : a < b;
}

}  // namespace

HomophoneIndex::HomophoneIndex(const TermCounts& counts) {
  PinyinReading& reading = PinyinReading::instance();
  for (const auto& [term, documents] : counts.all()) {
    if (documents <= 0 || !is_two_han(term)) continue;
    const std::string key = reading.syllables(term);
    if (key.empty()) continue;
    auto [it, added] = best_.try_emplace(key);
    auto& [first, second] = it->second;
    const Entry entry{term, documents};
    if (added) {
      first = entry;
    } else if (before(documents, term, first.documents, first.term)) {
      second = std::move(first);
      first = entry;
    } else if (second.term.empty() || before(documents, term, second.documents, second.term)) {
      second = entry;
    }
  }
}

std::optional<std::string> HomophoneIndex::sounds_like(const std::string& word) const {
  if (!is_two_han(word)) return std::nullopt;
  const std::string key = PinyinReading::instance().syllables(word);
  if (key.empty()) return std::nullopt;
  const auto it = best_.find(key);
  if (it == best_.end()) return std::nullopt;
  const auto& [first, second] = it->second;
  if (first.term != word) return first.term;
  if (!second.term.empty()) return second.term;
  return std::nullopt;
}

}  // namespace kefu::kb
