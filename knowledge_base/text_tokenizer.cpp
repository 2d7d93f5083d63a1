#include "knowledge_base/text_tokenizer.hpp"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "knowledge_base/han_script.hpp"
#include "knowledge_base/simplified_folding.hpp"

namespace kefu::kb {
namespace {

// Terms longer than this (base64 blobs, URLs without breaks) are not worth indexing.
constexpr std::size_t kMaxTermBytes = 96;

// Decodes UTF-8 into UTF-16 and records, for every UTF-16 index, the byte offset in the input
// where its code point starts (one more entry for the end). Invalid bytes become U+FFFD.
icu::UnicodeString decode(std::string_view utf8, std::vector<int32_t>& byte_at) {
  icu::UnicodeString text;
  byte_at.clear();
  byte_at.reserve(utf8.size() + 1);
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) c = 0xFFFD;
    const int32_t before = text.length();
    text.append(c);
    for (int32_t k = before; k < text.length(); ++k) byte_at.push_back(start);
  }
  byte_at.push_back(length);
  return text;
}

// A unified ideograph (CJK blocks and Extension A): its own NFKC case fold, so folding can be
// skipped. Compatibility ideographs and the rest of the Han script are folded as usual.
bool is_unified_ideograph(UChar32 c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

// Folds text[from, to) with NFKC case folding, skipping the work for unified ideographs.
icu::UnicodeString fold(const icu::Normalizer2& nfkc_cf, const icu::UnicodeString& text,
                        int32_t from, int32_t to, UErrorCode& status) {
  bool unified = true;
  for (int32_t i = from; i < to && unified; ++i) unified = is_unified_ideograph(text.charAt(i));
  if (unified) return icu::UnicodeString(text, from, to - from);
  return nfkc_cf.normalize(text.tempSubStringBetween(from, to), status);
}

// An ASCII word of letters (and apostrophes) folded: its lower case, which is what NFKC case
// folding makes of ASCII. Empty when text[from, to) is anything else.
std::string ascii_letters_folded(const icu::UnicodeString& text, int32_t from, int32_t to) {
  std::string out;
  out.reserve(static_cast<std::size_t>(to - from));
  for (int32_t i = from; i < to; ++i) {
    const char16_t c = text.charAt(i);
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (c == '\'') {
      out += '\'';
    } else {
      return {};
    }
  }
  return out;
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Kinds of character runs inside a folded non-Han word.
enum class Run { kLetter, kDigit, kOther };

Run run_of(UChar32 c) {
  if (u_isdigit(c)) return Run::kDigit;
  if (u_isalpha(c)) return Run::kLetter;
  return Run::kOther;
}

bool is_latin_word(const icu::UnicodeString& s) {
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    const UChar32 c = s.char32At(i);
    UErrorCode status = U_ZERO_ERROR;
    if (c == '\'' || c == 0x2019) continue;
    if (!u_isalpha(c) || uscript_getScript(c, &status) != USCRIPT_LATIN) return false;
  }
  return true;
}

}  // namespace

TextTokenizer::TextTokenizer(ShopVocabulary vocabulary)
    : vocabulary_(std::move(vocabulary)), folding_(SimplifiedFolding::instance()) {
  UErrorCode status = U_ZERO_ERROR;
  nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold is not available");
  words_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !words_) throw std::runtime_error("ICU word break is not available");
  stemmer_ = sb_stemmer_new("english", "UTF_8");
  if (stemmer_ == nullptr) throw std::runtime_error("Snowball English stemmer is not available");
  build_synonyms();
}

TextTokenizer::~TextTokenizer() {
  sb_stemmer_delete(stemmer_);
}

void TextTokenizer::set_vocabulary(ShopVocabulary vocabulary) {
  std::lock_guard lock(mutex_);
  vocabulary_ = std::move(vocabulary);
  build_synonyms();
}

ShopVocabulary TextTokenizer::vocabulary() const {
  std::lock_guard lock(mutex_);
  return vocabulary_;
}

// Must hold mutex_ (or be in the constructor).
void TextTokenizer::build_synonyms() {
  canonical_.clear();
  for (const auto& group : vocabulary_.synonym_groups()) {
    const std::string head = word_term(group.front());
    for (std::size_t i = 1; i < group.size(); ++i) {
      const std::string term = word_term(group[i]);
      if (!term.empty() && term != head) canonical_.emplace(term, head);
    }
  }
}

std::string TextTokenizer::group_head(const std::string& term) const {
  std::lock_guard lock(mutex_);
  const auto head = canonical_.find(term);
  return head == canonical_.end() ? std::string() : head->second;
}

bool TextTokenizer::is_word(const std::string& term) const {
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(term);
  std::u32string key;
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    key.push_back(static_cast<char32_t>(text.char32At(i)));
  }
  std::lock_guard lock(mutex_);
  if (vocabulary_.words().count(key) != 0) return true;
  words_->setText(text);
  words_->first();
  const bool whole = words_->next() == text.length();
  words_->setText(icu::UnicodeString());
  return whole;
}

std::string TextTokenizer::word_term(const std::string& word) const {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded = nfkc_cf_->normalize(icu::UnicodeString::fromUTF8(word), status);
  if (U_FAILURE(status)) return {};
  folding_.fold(folded);  // a synonym written in Traditional meets the folded text
  return is_latin_word(folded) ? stem(to_utf8(folded)) : to_utf8(folded);
}

std::string TextTokenizer::stem(const std::string& word) const {
  const sb_symbol* stemmed = sb_stemmer_stem(
      stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
  if (stemmed == nullptr) return word;
  return std::string(reinterpret_cast<const char*>(stemmed),
                     static_cast<std::size_t>(sb_stemmer_length(stemmer_)));
}

void TextTokenizer::emit(std::string term, int start, int end, std::vector<Token>& out) const {
  if (term.empty() || term.size() > kMaxTermBytes) return;
  auto synonym = canonical_.find(term);
  out.push_back(Token{std::move(term), start, end, false});
  if (synonym != canonical_.end()) out.push_back(Token{synonym->second, start, end, false});
}

// Emits the term(s) of one folded non-Han word found at bytes [start, end).
void TextTokenizer::emit_word(const icu::UnicodeString& folded, int start, int end,
                              std::vector<Token>& out) const {
  if (is_latin_word(folded)) {
    emit(stem(to_utf8(folded)), start, end, out);
    return;
  }
  emit(to_utf8(folded), start, end, out);
  // A product code or order number such as iphone15 or sku-12a: also its letter and digit parts.
  std::vector<icu::UnicodeString> parts;
  Run current = Run::kOther;
  for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
    const UChar32 c = folded.char32At(i);
    const Run run = run_of(c);
    if (run == Run::kOther) {
      current = Run::kOther;
      continue;
    }
    if (run != current || parts.empty()) parts.emplace_back();
    parts.back().append(c);
    current = run;
  }
  if (parts.size() < 2) return;
  for (const auto& part : parts) {
    emit(is_latin_word(part) ? stem(to_utf8(part)) : to_utf8(part), start, end, out);
  }
}

void TextTokenizer::tokenize_han_run(const icu::UnicodeString& text,
                                     const std::vector<int32_t>& byte_at,
                                     const std::vector<std::pair<int32_t, int32_t>>& words,
                                     std::vector<Token>& out) const {
  UErrorCode status = U_ZERO_ERROR;
  // ICU's own words.
  for (const auto& [s, e] : words) {
    icu::UnicodeString folded = fold(*nfkc_cf_, text, s, e, status);
    if (U_FAILURE(status)) return;
    emit(to_utf8(folded), byte_at[s], byte_at[e], out);
  }
  // The run's characters, folded one by one (compatibility ideographs become unified ones).
  struct Char {
    char32_t c;
    int32_t begin;  // UTF-16 index
    int32_t end;
  };
  std::vector<Char> chars;
  const int32_t run_begin = words.front().first;
  const int32_t run_end = words.back().second;
  for (int32_t i = run_begin; i < run_end; i = text.moveIndex32(i, 1)) {
    const int32_t next = text.moveIndex32(i, 1);
    const UChar32 c = text.char32At(i);
    if (is_unified_ideograph(c)) {
      chars.push_back(Char{static_cast<char32_t>(c), i, next});
      continue;
    }
    icu::UnicodeString folded = nfkc_cf_->normalize(text.tempSubStringBetween(i, next), status);
    if (U_FAILURE(status)) return;
    chars.push_back(Char{static_cast<char32_t>(folded.char32At(0)), i, next});
  }
  auto utf8_of = [&](std::size_t from, std::size_t to) {
    icu::UnicodeString s;
    for (std::size_t k = from; k < to; ++k) s.append(static_cast<UChar32>(chars[k].c));
    return to_utf8(s);
  };
  // Overlapping bigrams of Han characters.
  for (std::size_t k = 0; k + 1 < chars.size(); ++k) {
    if (is_han(static_cast<UChar32>(chars[k].c)) && is_han(static_cast<UChar32>(chars[k + 1].c))) {
      emit(utf8_of(k, k + 2), byte_at[chars[k].begin], byte_at[chars[k + 1].end], out);
    }
  }
  // Shop vocabulary words anywhere in the run.
  const std::size_t longest = vocabulary_.longest_word();
  if (longest < 2) return;
  std::u32string key;
  for (std::size_t k = 0; k < chars.size(); ++k) {
    key.clear();
    for (std::size_t n = 1; n <= longest && k + n <= chars.size(); ++n) {
      key.push_back(chars[k + n - 1].c);
      if (n >= 2 && vocabulary_.words().count(key) != 0) {
        emit(utf8_of(k, k + n), byte_at[chars[k].begin], byte_at[chars[k + n - 1].end], out);
      }
    }
  }
}

std::vector<Token> TextTokenizer::tokenize(std::string_view utf8) const {
  std::vector<int32_t> byte_at;
  icu::UnicodeString text = decode(utf8, byte_at);
  // Traditional to Simplified, each character where its original stood: byte_at holds.
  folding_.fold(text);
  std::vector<Token> out;
  std::lock_guard lock(mutex_);
  words_->setText(text);
  std::vector<std::pair<int32_t, int32_t>> han_run;
  auto flush_han = [&] {
    if (!han_run.empty()) tokenize_han_run(text, byte_at, han_run, out);
    han_run.clear();
  };
  int32_t start = words_->first();
  for (int32_t end = words_->next(); end != icu::BreakIterator::DONE;
       start = end, end = words_->next()) {
    const int32_t status = words_->getRuleStatus();
    if (status < UBRK_WORD_NONE_LIMIT) {
      flush_han();
      continue;  // spaces, punctuation, symbols, emoji
    }
    if (is_han(text.char32At(start))) {
      if (!han_run.empty() && han_run.back().second != start) flush_han();
      han_run.emplace_back(start, end);
      continue;
    }
    flush_han();
    if (std::string ascii = ascii_letters_folded(text, start, end); !ascii.empty()) {
      emit(stem(ascii), byte_at[start], byte_at[end], out);
      continue;
    }
    UErrorCode error = U_ZERO_ERROR;
    icu::UnicodeString folded = nfkc_cf_->normalize(text.tempSubStringBetween(start, end), error);
    if (U_FAILURE(error)) continue;
    emit_word(folded, byte_at[start], byte_at[end], out);
  }
  flush_han();
  words_->setText(icu::UnicodeString());
  // Order by start; the same (term, span) once; later tokens at the same start are colocated.
  std::stable_sort(out.begin(), out.end(),
                   [](const Token& a, const Token& b) { return a.start < b.start; });
  std::vector<Token> unique;
  unique.reserve(out.size());
  for (Token& t : out) {
    bool seen = false;
    for (auto it = unique.rbegin(); it != unique.rend() && it->start == t.start; ++it) {
      if (it->term == t.term && it->end == t.end) seen = true;
    }
    if (seen) continue;
    t.colocated = !unique.empty() && unique.back().start == t.start;
    unique.push_back(std::move(t));
  }
  return unique;
}

std::vector<std::pair<std::string, std::string>> TextTokenizer::latin_words(
    std::string_view utf8) const {
  std::vector<int32_t> byte_at;
  const icu::UnicodeString text = decode(utf8, byte_at);
  std::vector<std::pair<std::string, std::string>> out;
  std::lock_guard lock(mutex_);
  words_->setText(text);
  int32_t start = words_->first();
  for (int32_t end = words_->next(); end != icu::BreakIterator::DONE;
       start = end, end = words_->next()) {
    if (words_->getRuleStatus() < UBRK_WORD_NONE_LIMIT || is_han(text.char32At(start))) continue;
    UErrorCode error = U_ZERO_ERROR;
    icu::UnicodeString folded = nfkc_cf_->normalize(text.tempSubStringBetween(start, end), error);
    if (U_FAILURE(error) || !is_latin_word(folded)) continue;
    std::string word = to_utf8(folded);
    std::string term = stem(word);
    out.emplace_back(std::move(word), std::move(term));
  }
  words_->setText(icu::UnicodeString());
  return out;
}

std::vector<std::string> TextTokenizer::latin_terms(const std::vector<std::string>& words) const {
  std::vector<std::string> out;
  out.reserve(words.size());
  std::lock_guard lock(mutex_);
  for (const std::string& w : words) out.push_back(stem(w));
  return out;
}

std::vector<std::string> TextTokenizer::terms(std::string_view utf8) const {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (Token& t : tokenize(utf8)) {
    if (seen.insert(t.term).second) out.push_back(std::move(t.term));
  }
  return out;
}

}  // namespace kefu::kb
