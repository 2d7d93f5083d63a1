#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kefu::auth {

// A token bucket per key (a customer, a staff member, a visitor, an address): each key may
// spend up to `burst` at once and gets `per_second` back every second. A key not seen before
// starts full. Keeps at most `most_keys` keys: past that, the full buckets (which are the same
// as unseen keys) are forgotten, and when none is full every key starts afresh, so that memory
// stays bounded whatever an attacker sends. Thread-safe.
class RateBudget {
 public:
  RateBudget(double per_second, double burst, std::size_t most_keys = 100000);
  RateBudget(const RateBudget&) = delete;
  RateBudget& operator=(const RateBudget&) = delete;

  // Spends one for `key` and returns 0 when it had one; otherwise spends nothing and returns
  // the milliseconds until it will have one. `now` is in ms (a clock that goes back is treated
  // as not moving).
  std::int64_t take(const std::string& key, std::int64_t now);

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t at = 0;
  };

  void refill(Bucket& bucket, std::int64_t now) const;

  double per_second_;
  double burst_;
  std::size_t most_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mutex_)
};

}  // namespace kefu::auth
