#include "knowledge_base/nearest_passage_rerank.hpp"

#include <algorithm>
#include <stdexcept>

#include "knowledge_base/passage_similarity.hpp"

namespace kefu::kb {

NearestPassageRerank::NearestPassageRerank(std::size_t candidates, double similarity_share)
    : candidates_(candidates), similarity_share_(similarity_share) {
  if (!(similarity_share >= 0 && similarity_share <= 1)) {
    throw std::invalid_argument("the similarity's share is in [0, 1]");
  }
}

std::unordered_map<std::int64_t, double> NearestPassageRerank::apply(
    std::string_view question, std::vector<std::pair<double, std::int64_t>>& ranked,
    const Passages& passages) const {
  std::unordered_map<std::int64_t, double> similarity;
  const std::size_t n = std::min(ranked.size(), candidates_);
  if (n == 0 || ranked[0].first <= 0) return similarity;
  PassageSimilarity nearest(question);
  for (std::size_t i = 0; i < n; ++i) nearest.add(passages(ranked[i].second));
  const std::vector<double> s = nearest.similarities();
  const double best = ranked[0].first;
  for (std::size_t i = 0; i < n; ++i) {
    similarity[ranked[i].second] = s[i];
    ranked[i].first = (1 - similarity_share_) * ranked[i].first / best + similarity_share_ * s[i];
  }
  std::sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n),
            [](const auto& x, const auto& y) {
              return x.first != y.first ? x.first > y.first : x.second < y.second;
            });
  return similarity;
}

}  // namespace kefu::kb
