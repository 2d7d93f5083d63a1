#pragma once

#include <set>
#include <string>
#include <vector>

namespace kefu::kb {

// The shop's own words and synonyms, which the tokenizer uses on top of ICU's word break.
// Words are kept in their folded form (NFKC + case folding) so that matching is exact after
// the tokenizer has folded the text. A value type: copy it, change it, hand it to the
// TextTokenizer again; nothing here is shared.
class ShopVocabulary {
 public:
  // A vocabulary with the built-in shop words (退货, 包邮, 运费险, 没收到, ...) and synonym groups.
  static ShopVocabulary with_defaults();

  // Adds one word that must be indexed as a whole (e.g. a product line's Chinese name). The
  // word is folded first; an empty word or one longer than 16 characters throws
  // std::invalid_argument.
  void add_word(const std::string& word);

  // Makes every word in `words` also index as the group's first word, so that a query with any
  // of them finds articles that use any other. Each word must be a single word to the
  // tokenizer (it is folded and stemmed there); fewer than two words throws
  // std::invalid_argument.
  void add_synonyms(const std::vector<std::string>& words);

  const std::set<std::u32string>& words() const { return words_; }
  // The longest word, in code points (0 when there are none).
  std::size_t longest_word() const { return longest_; }
  // The synonym groups as given, canonical term first.
  const std::vector<std::vector<std::string>>& synonym_groups() const { return groups_; }

 private:
  std::set<std::u32string> words_;
  std::size_t longest_ = 0;
  std::vector<std::vector<std::string>> groups_;
};

}  // namespace kefu::kb
