#include "server/routing/wait_estimator.hpp"

#include <cassert>
#include <cmath>

namespace kefu::routing {

WaitEstimator::WaitEstimator(TimeMs initial_handle_time_ms, double weight)
    : average_handle_time_ms_(static_cast<double>(initial_handle_time_ms)), weight_(weight) {
  assert(weight > 0 && weight <= 1);
}

void WaitEstimator::record_handle_time(TimeMs handle_time_ms) {
  average_handle_time_ms_ +=
      weight_ * (static_cast<double>(handle_time_ms) - average_handle_time_ms_);
}

std::optional<TimeMs> WaitEstimator::estimate(int position, int serving_slots) const {
  if (serving_slots <= 0) return std::nullopt;
  if (position <= 0) return 0;
  return std::llround(position * average_handle_time_ms_ / serving_slots);
}

void WaitEstimator::record_outcome(TimeMs estimated_ms, TimeMs actual_ms) {
  const double error = static_cast<double>(estimated_ms - actual_ms);
  ++outcomes_;
  sum_estimate_ms_ += static_cast<double>(estimated_ms);
  sum_actual_ms_ += static_cast<double>(actual_ms);
  sum_error_ms_ += error;
  sum_absolute_error_ms_ += std::abs(error);
}

EstimateAccuracy WaitEstimator::accuracy() const {
  EstimateAccuracy result;
  result.count = outcomes_;
  if (outcomes_ == 0) return result;
  const double n = static_cast<double>(outcomes_);
  result.mean_estimate_ms = sum_estimate_ms_ / n;
  result.mean_actual_ms = sum_actual_ms_ / n;
  result.mean_error_ms = sum_error_ms_ / n;
  result.mean_absolute_error_ms = sum_absolute_error_ms_ / n;
  return result;
}

}  // namespace kefu::routing
