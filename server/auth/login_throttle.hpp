#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kefu::auth {

// Counts failed logins per account name (known or not, so the answer does not reveal which
// accounts exist) and locks the name out for a while after too many. After `max_failures`
// failures within `window_ms`, attempts are refused for `lockout_ms`, doubling with each
// further lockout up to an hour. A success clears the count. Thread-safe.
class LoginThrottle {
 public:
  LoginThrottle(int max_failures = 5, std::int64_t window_ms = 15 * 60 * 1000,
                std::int64_t lockout_ms = 60 * 1000);

  // 0 when `login` may try now; otherwise the milliseconds until it may.
  std::int64_t wait_before_attempt(const std::string& login, std::int64_t now);

  void record_failure(const std::string& login, std::int64_t now);
  void record_success(const std::string& login);

 private:
  struct Account {
    int failures = 0;
    std::int64_t window_start = 0;
    std::int64_t locked_until = 0;
    int lockouts = 0;
  };

  void forget_stale(std::int64_t now);

  int max_failures_;
  std::int64_t window_ms_;
  std::int64_t lockout_ms_;
  std::mutex mutex_;
  std::unordered_map<std::string, Account> accounts_;  // GUARDED_BY(mutex_)
};

}  // namespace kefu::auth
