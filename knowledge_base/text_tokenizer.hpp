#pragma once

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge_base/shop_vocabulary.hpp"
#include "knowledge_base/simplified_folding.hpp"

struct sb_stemmer;

namespace kefu::kb {

// One term the tokenizer found, with where it came from in the ORIGINAL text (byte offsets,
// end exclusive), so that highlight() and snippet() mark the right bytes even when folding
// changed the length (full-width letters, ligatures).
struct Token {
  std::string term;
  int start = 0;
  int end = 0;
  bool colocated = false;  // at the same position as the token before it (FTS5_TOKEN_COLOCATED)
};

// Turns shop text in any script into search terms.
//
// Traditional Chinese is first folded to Simplified (SimplifiedFolding: OpenCC's phrase-level
// t2s, character for character in place), so 發票 and 发票 give the same terms; offsets still
// point at the original bytes.
//
// Every word ICU's word break finds (root locale) is folded with NFKC + case folding. Latin
// words are stemmed with Snowball's English stemmer; words mixing letters and digits
// (`iPhone15`) are kept whole and also as their parts. A run of Han characters gives ICU's
// dictionary words, every overlapping bigram, and every shop-vocabulary word in it, so that a
// query and an article share terms however ICU cuts them (退货, 包邮, 运费险, 我没收到). Each term
// with synonyms is also indexed as its group's first term. Punctuation, symbols and emoji give
// no term; invalid UTF-8 is read as U+FFFD and never throws.
//
// Thread safety: all methods may be called from any thread; calls are serialised inside.
class TextTokenizer {
 public:
  explicit TextTokenizer(ShopVocabulary vocabulary);
  ~TextTokenizer();
  TextTokenizer(const TextTokenizer&) = delete;
  TextTokenizer& operator=(const TextTokenizer&) = delete;

  // All tokens of `utf8`, ordered by start offset.
  std::vector<Token> tokenize(std::string_view utf8) const;

  // The distinct terms of `utf8` in order of first appearance, as a query uses them.
  std::vector<std::string> terms(std::string_view utf8) const;

  // The Latin words of `utf8` as folded before stemming (`delivering`, not `deliv`), each with
  // the term it gives, in order, for spelling correction of the words before stemming.
  std::vector<std::pair<std::string, std::string>> latin_words(std::string_view utf8) const;

  // The terms folded Latin words give (the Snowball stem of each), in order.
  std::vector<std::string> latin_terms(const std::vector<std::string>& words) const;

  // The first term of the synonym group `term` (a term as tokenize() gives it) belongs to, or
  // an empty string when it is in none or is that first term itself.
  std::string group_head(const std::string& term) const;

  // Whether `term` (a Han term as tokenize() gives it) is a word: one ICU dictionary word read
  // alone, or a shop-vocabulary word. An overlapping bigram that straddles two words (发或 of
  // 补发或者, 单后 of 下单后) is not.
  bool is_word(const std::string& term) const;

  // Replaces the vocabulary and synonyms; text indexed before must be indexed again.
  void set_vocabulary(ShopVocabulary vocabulary);
  ShopVocabulary vocabulary() const;

 private:
  void tokenize_han_run(const icu::UnicodeString& text, const std::vector<int32_t>& byte_at,
                        const std::vector<std::pair<int32_t, int32_t>>& words,
                        std::vector<Token>& out) const;
  void emit_word(const icu::UnicodeString& folded, int start, int end,
                 std::vector<Token>& out) const;
  void emit(std::string term, int start, int end, std::vector<Token>& out) const;
  std::string stem(const std::string& word) const;
  std::string word_term(const std::string& word) const;
  void build_synonyms();

  mutable std::mutex mutex_;
  ShopVocabulary vocabulary_;                     // guarded by mutex_
  std::map<std::string, std::string> canonical_;  // guarded by mutex_
  std::unique_ptr<icu::BreakIterator> words_;     // guarded by mutex_
  sb_stemmer* stemmer_ = nullptr;                 // guarded by mutex_
  const icu::Normalizer2* nfkc_cf_ = nullptr;
  const SimplifiedFolding& folding_;
};

}  // namespace kefu::kb
