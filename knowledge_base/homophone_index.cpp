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

using Ranked =
    std::unordered_map<std::string, std::pair<HomophoneIndex::Entry, HomophoneIndex::Entry>>;

// Keeps `term` among the two best words of `key`.
void rank(Ranked& best, const std::string& key, const std::string& term, double documents) {
  auto [it, added] = best.try_emplace(key);
  auto& [first, second] = it->second;
  const HomophoneIndex::Entry entry{term, documents};
  if (added) {
    first = entry;
  } else if (before(documents, term, first.documents, first.term)) {
    second = std::move(first);
    first = entry;
  } else if (second.term.empty() || before(documents, term, second.documents, second.term)) {
    second = entry;
  }
}

// The best word of `key` in `best` other than `word`.
std::optional<std::string> other_than(const Ranked& best, const std::string& key,
                                      const std::string& word) {
  const auto it = best.find(key);
  if (it == best.end()) return std::nullopt;
  const auto& [first, second] = it->second;
  if (first.term != word) return first.term;
  if (!second.term.empty()) return second.term;
  return std::nullopt;
}

// huo / hua as one (发滑 for 发货): tried, no dev question changed (README), so off.
constexpr bool kUaAsUo = false;

// One syllable as fuzzy_syllables writes it.
std::string fuzzy_syllable(std::string s) {
  if (s.size() > 2 && s[1] == 'h' && (s[0] == 'z' || s[0] == 'c' || s[0] == 's')) s.erase(1, 1);
  if (!s.empty() && s[0] == 'n' && s != "ng") s[0] = 'l';
  if (!s.empty() && s[0] == 'f') s[0] = 'h';
  if (s.size() >= 3 && s.ends_with("ng") &&
      (s[s.size() - 3] == 'a' || s[s.size() - 3] == 'e' || s[s.size() - 3] == 'i')) {
    s.pop_back();
  }
  if (kUaAsUo && s.size() >= 3 && s.ends_with("ua")) s.back() = 'o';
  return s;
}

}  // namespace

std::string HomophoneIndex::fuzzy_syllables(const std::string& syllables) {
  std::string out;
  std::size_t i = 0;
  while (i < syllables.size()) {
    std::size_t end = syllables.find(' ', i);
    if (end == std::string::npos) end = syllables.size();
    if (!out.empty()) out += ' ';
    out += fuzzy_syllable(syllables.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

HomophoneIndex::HomophoneIndex(const TermCounts& counts) {
  PinyinReading& reading = PinyinReading::instance();
  for (const auto& [term, documents] : counts.all()) {
    if (documents <= 0 || !is_two_han(term)) continue;
    const std::string key = reading.syllables(term);
    if (key.empty()) continue;
    rank(best_, key, term, documents);
    rank(near_, fuzzy_syllables(key), term, documents);
  }
}

std::optional<std::string> HomophoneIndex::sounds_like(const std::string& word) const {
  if (!is_two_han(word)) return std::nullopt;
  const std::string key = PinyinReading::instance().syllables(word);
  if (key.empty()) return std::nullopt;
  return other_than(best_, key, word);
}

std::optional<std::string> HomophoneIndex::sounds_near(const std::string& word) const {
  if (!is_two_han(word)) return std::nullopt;
  const std::string key = PinyinReading::instance().syllables(word);
  if (key.empty() || other_than(best_, key, word)) return std::nullopt;
  auto near = other_than(near_, fuzzy_syllables(key), word);
  // A word of the same syllables as `word` itself is not a fuzzy match.
  if (near && PinyinReading::instance().syllables(*near) == key) return std::nullopt;
  return near;
}

}  // namespace kefu::kb
