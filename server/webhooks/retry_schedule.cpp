#include "server/webhooks/retry_schedule.hpp"

#include <algorithm>
#include <charconv>

namespace kefu::webhooks {
namespace {
constexpr std::int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute;
constexpr std::int64_t kLongestRetryAfter = 24 * kHour;
}  // namespace

RetrySchedule RetrySchedule::standard() {
  return RetrySchedule({5 * kSecond, 5 * kMinute, 30 * kMinute, 2 * kHour, 5 * kHour, 10 * kHour,
                        14 * kHour, 20 * kHour, 24 * kHour});
}

RetrySchedule::RetrySchedule(std::vector<std::int64_t> delays_ms, double jitter)
    : delays_ms_(std::move(delays_ms)), jitter_(jitter) {}

std::optional<RetrySchedule> RetrySchedule::parse(std::string_view text) {
  std::vector<std::int64_t> delays;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    std::int64_t value = -1;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() || value < 0) {
      return std::nullopt;
    }
    delays.push_back(value);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return std::nullopt;
  }
  if (delays.empty()) return std::nullopt;
  return RetrySchedule(std::move(delays), 0.0);
}

std::optional<std::int64_t> RetrySchedule::delay_after(int attempts_made,
                                                       std::optional<std::int64_t> retry_after_ms,
                                                       std::mt19937_64& random) const {
  if (attempts_made < 1 || attempts_made > static_cast<int>(delays_ms_.size())) return std::nullopt;
  std::int64_t delay = delays_ms_[static_cast<std::size_t>(attempts_made - 1)];
  if (jitter_ > 0 && delay > 0) {
    std::uniform_real_distribution<double> spread(0.0, jitter_);
    delay += static_cast<std::int64_t>(static_cast<double>(delay) * spread(random));
  }
  if (retry_after_ms) delay = std::max(delay, std::min(*retry_after_ms, kLongestRetryAfter));
  return delay;
}

}  // namespace kefu::webhooks
