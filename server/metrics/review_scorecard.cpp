#include "server/metrics/review_scorecard.hpp"

#include <cmath>
#include <set>
#include <stdexcept>

namespace kefu::metrics {

ReviewScorecard::ReviewScorecard(std::vector<ScorecardCategory> categories)
    : categories_(std::move(categories)) {
  if (categories_.empty()) throw std::invalid_argument("a scorecard needs categories");
  std::set<std::string> names;
  double sum = 0;
  for (const auto& c : categories_) {
    if (c.name.empty()) throw std::invalid_argument("scorecard category without a name");
    if (!names.insert(c.name).second) {
      throw std::invalid_argument("scorecard category repeated: " + c.name);
    }
    if (!std::isfinite(c.weight) || c.weight < 0) {
      throw std::invalid_argument("scorecard weight must be >= 0: " + c.name);
    }
    sum += c.weight;
  }
  if (sum <= 0) throw std::invalid_argument("scorecard weights are all zero");
}

ReviewScorecard ReviewScorecard::standard() {
  return ReviewScorecard({{"accuracy", 40}, {"resolution", 25}, {"tone", 20}, {"process", 15}});
}

double ReviewScorecard::score(const Review& review) const {
  double weight = 0;
  double total = 0;
  for (const auto& c : categories_) {
    auto mark = review.marks.find(c.name);
    if (mark == review.marks.end()) throw std::invalid_argument("not marked: " + c.name);
    if (!std::isfinite(mark->second) || mark->second < 0 || mark->second > 100) {
      throw std::invalid_argument("mark must be 0..100: " + c.name);
    }
    weight += c.weight;
    total += c.weight * mark->second;
  }
  if (review.marks.size() != categories_.size()) {
    for (const auto& [name, mark] : review.marks) {
      bool known = false;
      for (const auto& c : categories_) known = known || c.name == name;
      if (!known) throw std::invalid_argument("no such category: " + name);
    }
  }
  return total / weight;
}

}  // namespace kefu::metrics
