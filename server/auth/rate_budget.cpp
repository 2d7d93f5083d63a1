#include "server/auth/rate_budget.hpp"

#include <algorithm>
#include <cmath>

namespace kefu::auth {

RateBudget::RateBudget(double per_second, double burst, std::size_t most_keys)
    : per_second_(per_second), burst_(std::max(1.0, burst)), most_keys_(most_keys) {}

void RateBudget::refill(Bucket& bucket, std::int64_t now) const {
  if (now > bucket.at) {
    bucket.tokens = std::min(
        burst_, bucket.tokens + static_cast<double>(now - bucket.at) * per_second_ / 1000.0);
    bucket.at = now;
  }
}

std::int64_t RateBudget::take(const std::string& key, std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto found = buckets_.find(key);
  if (found == buckets_.end()) {
    if (buckets_.size() >= most_keys_) {
      std::erase_if(buckets_, [&](const auto& entry) {
        Bucket bucket = entry.second;
        refill(bucket, now);
        return bucket.tokens >= burst_;
      });
      if (buckets_.size() >= most_keys_) buckets_.clear();
    }
    found = buckets_.emplace(key, Bucket{burst_, now}).first;
  }
  Bucket& bucket = found->second;
  refill(bucket, now);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  if (per_second_ <= 0) return 3600 * 1000;
  return std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil((1 - bucket.tokens) * 1000.0 / per_second_)));
}

}  // namespace kefu::auth
