#include "knowledge_base/passage_similarity.hpp"

#include <algorithm>
#include <cmath>

namespace kefu::kb {

PassageSimilarity::PassageSimilarity(std::string_view question)
    : question_(CharacterGrams::of(question)), holding_(question_.grams().size(), 0.0) {}

void PassageSimilarity::add(const std::vector<std::string_view>& passages) {
  std::vector<CharacterGrams> grams;
  grams.reserve(passages.size());
  for (const std::string_view text : passages) grams.push_back(CharacterGrams::of(text));
  add(grams);
}

void PassageSimilarity::add(const std::vector<CharacterGrams>& passages) {
  const std::size_t candidate = candidates_++;
  const auto& q = question_.grams();
  for (const CharacterGrams& passage : passages) {
    if (passage.empty()) continue;
    ++passages_;
    // A merge of the passage's sorted grams with the question's.
    const std::size_t first = shared_.size();
    std::size_t g = 0;
    for (const CharacterGrams::Gram& gram : passage.grams()) {
      while (g < q.size() && q[g].hash < gram.hash) ++g;
      if (g == q.size()) break;
      if (q[g].hash == gram.hash) {
        shared_.emplace_back(g, gram.count);
        holding_[g] += 1;
      }
    }
    if (shared_.size() == first) continue;
    matches_.push_back({candidate, passage.norm(), first, shared_.size()});
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
