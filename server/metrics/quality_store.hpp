#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "server/metrics/quality_scorer.hpp"
#include "server/metrics/review_scorecard.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::metrics {

// One agent's review scores set against the automatic scores of the same conversations, so a
// supervisor can see whether reviewers and the automatic score agree.
struct Calibration {
  std::int64_t agent_id = 0;
  int reviews = 0;                       // reviews in the period
  double review_mean = 0;                // mean review score
  int compared = 0;                      // reviewed conversations that also have an automatic score
  std::optional<double> automatic_mean;  // mean automatic score of those
  std::optional<double> difference;      // review - automatic, over the compared ones
};

// Stores automatic quality scores (kpi_quality_scores) and supervisor reviews (kpi_reviews)
// and compares them per agent. Not thread-safe; `db` must outlive it.
class QualityStore {
 public:
  static constexpr std::size_t kMaxCommentBytes = 4000;

  // Creates the kpi_ schema if needed.
  explicit QualityStore(sql::Connection& db);

  // Stores (or replaces) the automatic score of a conversation, with its breakdown as JSON.
  void save_score(const QualityScore& score, std::int64_t at);

  // The stored automatic score of a conversation, if any.
  std::optional<double> automatic_score(std::int64_t conversation_id) const;

  // Scores `review` on `card` and stores it; returns the stored review (id and score set).
  // Throws std::invalid_argument, storing nothing, for a mark problem (see
  // ReviewScorecard::score), a missing conversation / agent / reviewer id, or a comment that
  // is not UTF-8 or longer than kMaxCommentBytes.
  Review add_review(Review review, const ReviewScorecard& card);

  // An agent's reviews (with the comments the agent sees), newest first.
  std::vector<Review> reviews_for_agent(std::int64_t agent_id) const;

  // Per agent with reviews at in [from, to): review mean vs automatic mean, by agent id.
  std::vector<Calibration> calibration(std::int64_t from, std::int64_t to) const;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::metrics
