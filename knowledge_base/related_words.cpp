#include "knowledge_base/related_words.hpp"

#include <algorithm>

namespace kefu::kb {

RelatedWords::RelatedWords(const WordVectors& vectors, double articles, const Stems& stems,
                           const ArticlesUsing& articles_using)
    : vectors_(vectors) {
  std::vector<std::size_t> candidates;
  std::vector<std::string> words;
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    const std::uint32_t rank = vectors.rank(i);
    if (rank < kMinBroughtRank || rank > kMaxBroughtRank) continue;
    candidates.push_back(i);
    words.emplace_back(vectors.word(i));
  }
  const std::vector<std::string> terms = stems(words);
  const double most = std::max(1.0, articles * kMostArticlesShare);
  for (std::size_t k = 0; k < candidates.size() && k < terms.size(); ++k) {
    const double using_it = articles_using(terms[k]);
    if (using_it >= 1 && using_it <= most) bringable_.push_back(candidates[k]);
  }
}

std::vector<std::string> RelatedWords::for_question(
    const std::vector<std::pair<std::string, std::string>>& words,
    const ArticlesUsing& articles_using) const {
  std::vector<std::string> brought;
  for (const auto& [word, term] : words) {
    if (brought.size() >= kMostBrought) break;
    if (word.size() < 3 || articles_using(term) > 0) continue;
    const std::optional<std::size_t> asked = vectors_.find(word);
    if (!asked || vectors_.rank(*asked) < kMinAskedRank) continue;
    double best = kNearness;
    std::optional<std::size_t> nearest;
    for (const std::size_t candidate : bringable_) {
      const double c = vectors_.cosine(*asked, candidate);
      if (c >= best) {
        best = c;
        nearest = candidate;
      }
    }
    if (!nearest) continue;
    std::string w(vectors_.word(*nearest));
    if (std::find(brought.begin(), brought.end(), w) == brought.end()) {
      brought.push_back(std::move(w));
    }
  }
  return brought;
}

}  // namespace kefu::kb
