#pragma once

#include <cstdint>
#include <string>

namespace kefu::care {

// The customer's night, when no care contact is made: from `start_minute` to `end_minute`
// after local midnight in the customer's own time zone (ICU), e.g. 21:00 to 08:00.
// Stateless; thread-safe.
class QuietHours {
 public:
  QuietHours(int start_minute, int end_minute) : start_(start_minute), end_(end_minute) {}

  // `at` when it is outside the quiet hours in `time_zone` (an IANA name; an unknown one
  // counts as UTC), else the instant they end.
  std::int64_t allowed_from(std::int64_t at, const std::string& time_zone) const;

 private:
  int start_;
  int end_;
};

}  // namespace kefu::care
