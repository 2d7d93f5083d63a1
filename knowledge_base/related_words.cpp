#include "knowledge_base/related_words.hpp"

#include <algorithm>
#include <array>

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
  components_.assign(bringable_.size() * kPadded, 0);
  scales_.reserve(bringable_.size());
  for (std::size_t k = 0; k < bringable_.size(); ++k) {
    const std::int8_t* from = vectors.components(bringable_[k]);
    std::copy(from, from + WordVectors::kDims, components_.begin() + k * kPadded);
    scales_.push_back(vectors.scale(bringable_[k]));
  }
}

std::int32_t RelatedWords::dot(const std::int8_t* __restrict a, const std::int8_t* __restrict b) {
  std::int32_t sum = 0;
  for (std::size_t d = 0; d < kPadded; ++d) sum += std::int32_t{a[d]} * std::int32_t{b[d]};
  return sum;
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
    std::array<std::int8_t, kPadded> question{};
    const std::int8_t* from = vectors_.components(*asked);
    std::copy(from, from + WordVectors::kDims, question.begin());
    const double asked_scale = vectors_.scale(*asked);
    double best = kNearness;
    std::optional<std::size_t> nearest;
    for (std::size_t k = 0; k < bringable_.size(); ++k) {
      const double c = dot(question.data(), &components_[k * kPadded]) * asked_scale * scales_[k];
      if (c >= best) {
        best = c;
        nearest = bringable_[k];
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
