#include "server/auth/login_throttle.hpp"

#include <algorithm>

namespace kefu::auth {
namespace {
constexpr std::int64_t kLongestLockout = 60 * 60 * 1000;
constexpr std::size_t kMostAccountsTracked = 100000;
}  // namespace

LoginThrottle::LoginThrottle(int max_failures, std::int64_t window_ms, std::int64_t lockout_ms)
    : max_failures_(max_failures), window_ms_(window_ms), lockout_ms_(lockout_ms) {}

std::int64_t LoginThrottle::wait_before_attempt(const std::string& login, std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = accounts_.find(login);
  if (it == accounts_.end() || it->second.locked_until <= now) return 0;
  return it->second.locked_until - now;
}

void LoginThrottle::record_failure(const std::string& login, std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (accounts_.size() >= kMostAccountsTracked) forget_stale(now);
  Account& a = accounts_[login];
  if (now - a.window_start > window_ms_) {
    a.window_start = now;
    a.failures = 0;
  }
  if (++a.failures >= max_failures_) {
    const std::int64_t lockout = std::min(kLongestLockout, lockout_ms_ << std::min(a.lockouts, 6));
    a.locked_until = now + lockout;
    ++a.lockouts;
    a.failures = 0;
    a.window_start = now;
  }
}

void LoginThrottle::record_success(const std::string& login) {
  std::lock_guard lock(mutex_);
  accounts_.erase(login);
}

void LoginThrottle::forget_stale(std::int64_t now) {
  std::erase_if(accounts_, [&](const auto& entry) {
    return entry.second.locked_until <= now && now - entry.second.window_start > window_ms_;
  });
}

}  // namespace kefu::auth
