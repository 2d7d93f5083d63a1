#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "knowledge_base/term_counts.hpp"

namespace kefu::kb {

// Typing errors of pinyin input methods: for a Chinese word of a question that no article
// holds (退或), the indexed word of the same syllables (退货: both `tui huo`), which the search
// then adds at a lower weight. Words are the index's two-character Han terms (its bigrams and
// shop words of two characters); syllables are PinyinReading's, without tones. Among indexed
// words of the same syllables the one in most articles wins, then the first in code point
// order. A value type: a snapshot of the index's terms, built with the search statistics.
class HomophoneIndex {
 public:
  HomophoneIndex() = default;
  // Reads every two-character Han term of `counts`.
  explicit HomophoneIndex(const TermCounts& counts);

  // The indexed word other than `word` that sounds like it, or nothing when `word` is not two
  // Han characters or no other indexed word sounds like it. The search asks only for words
  // the index does not hold, so that an exact match is never replaced.
  std::optional<std::string> sounds_like(const std::string& word) const;

  // The indexed word other than `word` whose syllables a pinyin keyboard confuses with its own
  // (fuzzy_syllables: z/zh, c/ch, s/sh, n/l, f/h; an/ang, en/eng, in/ing), when none has the
  // same syllables (sounds_like finds nothing): 发滑 (fa hua) brings nothing here (see
  // one_letter_off), 登路 (deng lu) finds 登录 exactly, 住侧 (zhu ce) finds 注册 (zhu ce)
  // exactly and 组侧 (zu ce) fuzzily. The search weighs it below a homophone.
  std::optional<std::string> sounds_near(const std::string& word) const;

  // The indexed word other than `word` that keeps one of its two characters and whose other
  // character's syllable is one letter from `word`'s (a letter typed wrong, left out or added
  // before the candidate was picked: 发滑 fa hua → 发货 fa huo), the one in most articles; or
  // nothing, also when `word` has a homophone or a fuzzy match (sounds_like, sounds_near). The
  // search weighs it below both.
  std::optional<std::string> one_letter_off(const std::string& word) const;

  // `syllables` (space-separated, as PinyinReading's) with the sounds pinyin keyboards confuse
  // written one way: zh ch sh → z c s, n → l and f → h as initials, ang eng ing → an en in.
  static std::string fuzzy_syllables(const std::string& syllables);

  std::size_t size() const { return best_.size(); }

  // An indexed word and the number of articles holding it.
  struct Entry {
    std::string term;
    double documents = 0;
  };

 private:
  // Syllables -> the word of most articles, and the runner-up (for a word that is itself the
  // best).
  std::unordered_map<std::string, std::pair<Entry, Entry>> best_;
  // The same by fuzzy_syllables.
  std::unordered_map<std::string, std::pair<Entry, Entry>> near_;
};

}  // namespace kefu::kb
