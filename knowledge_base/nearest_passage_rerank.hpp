#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "knowledge_base/article_classifier.hpp"
#include "knowledge_base/character_grams.hpp"
#include "knowledge_base/word_vectors.hpp"

namespace kefu::kb {

// The last step of a search: its best candidates, ordered by bm25, re-ordered by a blend of
// that score and how close the question is to each candidate's nearest passage in character
// grams (PassageSimilarity), and, optionally, how much of the question its title says. Short,
// informal questions often resemble one line of the right article more than their shared
// words show; a title names what the article is about, and a question using its words (`refund
// status`, `King size`) is more likely about it than one whose words sit in a single line of a
// long article. Optionally, an ArticleClassifier trained on the articles' lines adds its
// probability that the question is about each candidate: it learns which grams tell two
// articles apart, which the gram similarity weighs no more than any other. Optionally, word
// vectors add how near the question's meaning is to the meaning of each candidate's lines
// taken together (WordVectors::meaning_of): questions put in other words than the right
// article's. A value type.
class NearestPassageRerank {
 public:
  // The passages of article `id`: its title first, then its body lines. The views need to
  // stay valid only until the next call.
  using Passages = std::function<std::vector<std::string_view>(std::int64_t id)>;
  // The distinct search terms of a text (the index's tokenizer: stems, Han words and bigrams).
  using Terms = std::function<std::vector<std::string>(std::string_view text)>;
  // Whether a Han term of two or more characters is a word (TextTokenizer::is_word), not two
  // characters that straddle two words.
  using IsWord = std::function<bool(const std::string& term)>;
  // An article as the re-rank reads it (prepare()): the grams of its passages, title first,
  // its title's distinct terms, sorted (empty without `terms`), those of them that are Chinese
  // words, sorted (without `is_word`, every term of two or more Han characters; empty when the
  // title precision's weight is 0), and the meaning of its body
  // lines together (of its title when it has no body; all zeros without word vectors): the
  // sum of each line's meaning, scaled to unit length.
  struct PreparedArticle {
    std::vector<CharacterGrams> passages;
    std::vector<std::string> title_terms;
    std::vector<std::string> title_words;
    WordVectors::Meaning meaning{};
  };
  // Article `id` prepared, or nullptr for none; the article need stay valid only until the
  // next call.
  using Prepared = std::function<const PreparedArticle*(std::int64_t id)>;

  // Re-ranks the first `candidates` of a ranking; the similarity makes `similarity_share` (in
  // [0, 1]) of their new score, bm25 relative to the best the rest. With `terms`, each
  // candidate also gets `title_weight` (>= 0) times its title coverage: the share of the
  // question's distinct terms its title holds, in [0, 1]. Throws std::invalid_argument on a
  // share or weight out of range.
  // With `classifier` (which must outlive this object), each candidate also gets
  // `classifier_weight` (>= 0) times the classifier's probability that the question is about
  // it. With `words` (which must outlive this object), each also gets `meaning_weight` (>= 0)
  // times the cosine of the question's meaning and its own (PreparedArticle::meaning) when
  // that is positive (a meaning opposite to the question's adds nothing, rather than pull a
  // candidate below those past the candidates). With `terms`, each also gets
  // `title_precision_weight` (>= 0) times the share of its title's Chinese words (terms of two
  // or more Han characters that `is_word` accepts) that the question holds: of two titles holding
  // the question's word, the one naming little else (运费和包邮 against 退货运费谁出 for
  // 运费多少钱). Throws std::invalid_argument on a share or weight out of range.
  NearestPassageRerank(std::size_t candidates, double similarity_share, double title_weight = 0,
                       Terms terms = nullptr, const ArticleClassifier* classifier = nullptr,
                       double classifier_weight = 0, const WordVectors* words = nullptr,
                       double meaning_weight = 0, double title_precision_weight = 0,
                       IsWord is_word = nullptr);

  // What apply() found out about each candidate re-ranked, by article id.
  struct Signals {
    std::unordered_map<std::int64_t, double> similarity;  // nearest passage, in [0, 1]
    // What the classifier added to its score (0 without a classifier), in [0, weight].
    std::unordered_map<std::int64_t, double> learnt;
  };

  // `ranked` holds (score, article id), best first, scores >= 0. Its first candidates get
  // score (1 - share) * score / best + share * similarity (+ title_weight * title coverage,
  // when terms were given, + classifier_weight * probability, with a classifier, +
  // meaning_weight * the cosine of the meanings if positive, with word vectors) and are
  // sorted again (ties by id); the rest keep their order below them, with score
  // (1 - share) * score / best (as if the other parts were 0), so scores never rise in rank
  // order. Returns the signals of the candidates re-ranked (empty when the best score is not
  // positive: nothing to compare, nothing changed).
  Signals apply(std::string_view question, std::vector<std::pair<double, std::int64_t>>& ranked,
                const Passages& passages) const;
  // The same with the candidates already prepared, which a caller may keep between searches.
  Signals apply(std::string_view question, std::vector<std::pair<double, std::int64_t>>& ranked,
                const Prepared& prepared) const;

  // What apply() reads of an article whose passages (title first) are `passages`.
  PreparedArticle prepare(const std::vector<std::string_view>& passages) const;

 private:
  std::size_t candidates_;
  double similarity_share_;
  double title_weight_;
  Terms terms_;
  const ArticleClassifier* classifier_;
  double classifier_weight_;
  const WordVectors* words_;
  double meaning_weight_;
  double title_precision_weight_;
  IsWord is_word_;
};

}  // namespace kefu::kb
