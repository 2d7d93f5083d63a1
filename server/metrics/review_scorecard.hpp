#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kefu::metrics {

// One category of a supervisor's scorecard (e.g. "accuracy", "tone") and its weight.
struct ScorecardCategory {
  std::string name;
  double weight = 1;
};

// A supervisor's review of one conversation: a mark 0..100 per category and a comment the
// agent sees.
struct Review {
  std::int64_t id = 0;  // 0 until stored
  std::int64_t conversation_id = 0;
  std::int64_t agent_id = 0;
  std::int64_t reviewer_id = 0;
  std::int64_t at = 0;
  std::map<std::string, double> marks;
  std::string comment;
  double score = 0;  // weighted mean of the marks, set by ReviewScorecard::score
};

// The weighted scorecard supervisors review conversations on. Categories and weights are
// configurable; a review's score is the weighted mean of its marks, 0..100.
// Immutable after construction; safe to share between threads.
class ReviewScorecard {
 public:
  // Throws std::invalid_argument when there are no categories, a name is empty or repeated, or
  // a weight is negative / not finite, or all weights are zero.
  explicit ReviewScorecard(std::vector<ScorecardCategory> categories);

  // The default card: accuracy 40, resolution 25, tone 20, process 15.
  static ReviewScorecard standard();

  // The weighted score of `review`'s marks. Every category must be marked 0..100 and no other
  // mark given; otherwise std::invalid_argument names the problem.
  double score(const Review& review) const;

  const std::vector<ScorecardCategory>& categories() const { return categories_; }

 private:
  std::vector<ScorecardCategory> categories_;
};

}  // namespace kefu::metrics
