#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge_base/character_grams.hpp"

namespace kefu::kb {

// Which article a question is about, learnt from the articles' own lines: a multinomial
// logistic regression over character grams (CharacterGrams, counts scaled to unit length),
// one class per article, each line (and the title) a training example of its article. Where
// bm25 and the nearest passage weigh every shared gram alike, this learns which grams tell
// the articles apart (`ortho` lines of two articles, the words only one of them uses), so
// a search blends it into its re-rank (NearestPassageRerank).
//
// Trained by stochastic gradient descent: 15 passes over the lines in an order shuffled by a
// fixed seed (the same articles give the same model), step 0.5 shrinking by a fifth a pass.
// The weights are dense, one per (distinct gram, article); training costs about lines x
// articles x grams a line x 30 multiply-adds (Banking77's 77 articles of 130 lines: 0.4 s,
// a HINT3 shop's 20 articles of 30 lines: 6 ms). Training is skipped (train()
// returns nothing) when it would not pay: fewer than 2 articles, fewer than kMinLinesPerArticle
// lines per article on average (too little to learn from), or more than kMaxWeights weights
// (a large knowledge base: memory and training time grow with articles x grams; its searches
// re-rank without a classifier). A value type; const methods are safe to share.
class ArticleClassifier {
 public:
  static constexpr std::size_t kMinLinesPerArticle = 4;
  static constexpr std::size_t kMaxWeights = std::size_t{4} << 20;  // 16 MB of floats

  // One article to learn: its id and its lines (title first, then its passages).
  struct Article {
    std::int64_t id = 0;
    std::vector<std::string_view> lines;
  };

  // The model of `articles`, or nothing when training is skipped (see above). Ids must be
  // distinct (std::invalid_argument otherwise).
  static std::optional<ArticleClassifier> train(const std::vector<Article>& articles);

  // The model's probability that `question` is about each of `candidates` (softmax over all
  // the articles it learnt; 0 for an id it did not learn). A question sharing no gram with any
  // line gets the same probability for every article.
  std::vector<double> probabilities(const CharacterGrams& question,
                                    const std::vector<std::int64_t>& candidates) const;

  std::size_t articles() const { return classes_.size(); }

 private:
  ArticleClassifier() = default;
  // (column, value) of each gram `grams` shares with the model, values scaled by the norm.
  std::vector<std::pair<std::uint32_t, float>> features(const CharacterGrams& grams) const;

  std::unordered_map<std::int64_t, std::uint32_t> classes_;   // article id -> class
  std::unordered_map<std::uint32_t, std::uint32_t> columns_;  // gram hash -> column
  std::size_t stride_ = 0;                                    // classes, padded
  std::vector<float> weights_;                                // column * stride_ + class
};

}  // namespace kefu::kb
