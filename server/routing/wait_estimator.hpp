#pragma once

#include <optional>

#include "server/routing/decision.hpp"
#include "server/routing/model.hpp"

namespace kefu::routing {

// Estimates one queue's wait from its recent handle times and its staffing, and keeps score
// of how the estimates shown to customers compared with the waits that followed.
//
// Model: while every serving slot is busy, slots free up at rate slots / average handle time,
// so the customer at position k waits on average k * average handle time / slots. That is
// exact for exponential handle times and first-come-first-served (M/M/c), and the accuracy
// score shows how far it is from the truth elsewhere.
class WaitEstimator {
 public:
  // initial_handle_time_ms is used until handle times are recorded; weight (0, 1] is the
  // weight of each new handle time in the exponentially weighted moving average.
  WaitEstimator(TimeMs initial_handle_time_ms, double weight);

  // Adds one finished conversation's handle time (assignment to end).
  void record_handle_time(TimeMs handle_time_ms);
  double average_handle_time_ms() const { return average_handle_time_ms_; }

  // Expected wait of the customer at position (1 = next), with serving_slots conversations
  // handled at once by the queue's agents; empty when nobody serves the queue.
  std::optional<TimeMs> estimate(int position, int serving_slots) const;

  // Adds one answered conversation: the first estimate it was shown and the actual wait
  // from that moment to its answer.
  void record_outcome(TimeMs estimated_ms, TimeMs actual_ms);
  EstimateAccuracy accuracy() const;

 private:
  double average_handle_time_ms_;
  double weight_;
  long outcomes_ = 0;
  double sum_estimate_ms_ = 0;
  double sum_actual_ms_ = 0;
  double sum_error_ms_ = 0;
  double sum_absolute_error_ms_ = 0;
};

}  // namespace kefu::routing
