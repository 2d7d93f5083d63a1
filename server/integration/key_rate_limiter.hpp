#pragma once

#include <cstdint>
#include <unordered_map>

namespace kefu::integration {

// Each API key's budget of requests: a token bucket holding a minute's worth (the key's
// rate_per_minute), refilled evenly over the minute. In memory: a restart gives every key a
// full bucket. Not thread-safe (ApiKeyGate serialises calls).
class KeyRateLimiter {
 public:
  // Takes one request from the key's bucket at `now_ms`. Returns 0 when the request may go on,
  // else the whole seconds (at least 1) until the next one may (Retry-After); a refused request
  // takes nothing.
  std::int64_t take(std::int64_t key_id, std::int64_t rate_per_minute, std::int64_t now_ms);

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t at = 0;
  };
  std::unordered_map<std::int64_t, Bucket> buckets_;
};

}  // namespace kefu::integration
