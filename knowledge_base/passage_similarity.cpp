#include "knowledge_base/passage_similarity.hpp"

#include <algorithm>
#include <cmath>

namespace kefu::kb {

PassageSimilarity::PassageSimilarity(std::string_view question)
    : question_(CharacterGrams::of(question)), holding_(question_.grams().size(), 0.0) {}

void PassageSimilarity::add(const std::vector<std::string_view>& passages) {
  const std::size_t candidate = candidates_++;
  const auto& q = question_.grams();
  for (const std::string_view text : passages) {
    scratch_.clear();
    CharacterGrams::collect(text, scratch_);
    if (scratch_.empty()) continue;
    ++passages_;
    std::sort(scratch_.begin(), scratch_.end());
    // One pass over the passage's sorted hashes: each distinct gram's count, the norm, and a
    // merge with the question's sorted grams.
    const std::size_t first = shared_.size();
    double squares = 0;
    std::size_t g = 0;
    for (std::size_t i = 0; i < scratch_.size();) {
      std::size_t j = i + 1;
      while (j < scratch_.size() && scratch_[j] == scratch_[i]) ++j;
      const auto count = static_cast<std::uint32_t>(j - i);
      squares += static_cast<double>(count) * count;
      while (g < q.size() && q[g].hash < scratch_[i]) ++g;
      if (g < q.size() && q[g].hash == scratch_[i]) {
        shared_.emplace_back(g, count);
        holding_[g] += 1;
      }
      i = j;
    }
    if (shared_.size() == first) continue;
    matches_.push_back({candidate, std::sqrt(squares), first, shared_.size()});
  }
}

std::vector<double> PassageSimilarity::similarities() const {
  std::vector<double> best(candidates_, 0.0);
  const auto& q = question_.grams();
  if (q.empty() || passages_ == 0) return best;
  std::vector<double> weight(q.size());
  double squares = 0;
  for (std::size_t g = 0; g < q.size(); ++g) {
    weight[g] =
        static_cast<double>(q[g].count) * std::log(1.0 + passages_ / std::max(1.0, holding_[g]));
    squares += weight[g] * weight[g];
  }
  const double question_norm = std::sqrt(squares);
  for (const PassageMatch& m : matches_) {
    double dot = 0;
    for (std::size_t k = m.first; k < m.last; ++k) {
      dot += weight[shared_[k].first] * static_cast<double>(shared_[k].second);
    }
    best[m.candidate] = std::max(best[m.candidate], dot / (question_norm * m.norm));
  }
  return best;
}

}  // namespace kefu::kb
