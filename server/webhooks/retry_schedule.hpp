#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

namespace kefu::webhooks {

// When a delivery is tried: the first attempt at once, then after each delay of the schedule
// (Standard Webhooks' suggestion, about three days in all), each delay stretched by up to 20 %
// of random jitter so that failing receivers are not retried in lockstep. A Retry-After the
// receiver sent is respected: the next attempt is no earlier than it asks (capped at a day).
class RetrySchedule {
 public:
  // immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
  static RetrySchedule standard();
  // Delays in ms after each failed attempt (tests: `kefu serve --test-webhook-schedule`).
  explicit RetrySchedule(std::vector<std::int64_t> delays_ms, double jitter = 0.2);
  // "0,200,500" (ms); nullopt unless every item is a whole number >= 0 and there is one.
  static std::optional<RetrySchedule> parse(std::string_view text);

  // How long to wait after the attempt numbered `attempts_made` (1 = the first) failed;
  // nullopt when that was the last attempt.
  std::optional<std::int64_t> delay_after(int attempts_made,
                                          std::optional<std::int64_t> retry_after_ms,
                                          std::mt19937_64& random) const;
  // Attempts in all (the first and every retry).
  int attempts() const { return static_cast<int>(delays_ms_.size()) + 1; }

 private:
  std::vector<std::int64_t> delays_ms_;
  double jitter_;
};

}  // namespace kefu::webhooks
