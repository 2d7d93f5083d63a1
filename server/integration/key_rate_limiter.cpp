#include "server/integration/key_rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace kefu::integration {

std::int64_t KeyRateLimiter::take(std::int64_t key_id, std::int64_t rate_per_minute,
                                  std::int64_t now_ms) {
  const double capacity = static_cast<double>(rate_per_minute);
  const double per_ms = capacity / 60000.0;
  auto [it, fresh] = buckets_.try_emplace(key_id, Bucket{capacity, now_ms});
  Bucket& bucket = it->second;
  if (!fresh && now_ms > bucket.at) {
    bucket.tokens = std::min(capacity, bucket.tokens + (now_ms - bucket.at) * per_ms);
    bucket.at = now_ms;
  }
  bucket.tokens = std::min(bucket.tokens, capacity);  // the rate may have been lowered
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return 0;
  }
  const double wait_ms = (1.0 - bucket.tokens) / per_ms;
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait_ms / 1000.0)));
}

}  // namespace kefu::integration
