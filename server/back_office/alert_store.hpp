#pragma once

#include <cstdint>

#include "server/metrics/alert_watch.hpp"

namespace kefu {

// Where the supervisors' alert thresholds are kept and the alerts recorded (as events of the
// interaction log, `alert_raised` / `alert_cleared`, for the webhooks to send). Implementations:
// SqliteAlertStore.
class AlertStore {
 public:
  virtual ~AlertStore() = default;
  // The thresholds set last (all off before any).
  virtual metrics::AlertThresholds thresholds() = 0;
  // Replaces the thresholds, noting who set them and when.
  virtual void save_thresholds(const metrics::AlertThresholds& thresholds, std::int64_t by,
                               std::int64_t at) = 0;
  // Appends an `alert_raised` or `alert_cleared` event with the alert, value and threshold.
  virtual void record(const metrics::AlertChange& change, std::int64_t at) = 0;
};

}  // namespace kefu
