#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kefu::auth {

// The password checks of staff logins (argon2id: tens of milliseconds and 19 MiB each) waiting
// for the auth pool, bounded per client address and in total, and taken in turn from each
// address that has one waiting, so that a flood from some addresses delays a login from
// another by a few checks at most, never by the length of the flood.
//
// A check is admitted whatever the login name is (unknown names cost one check too), so the
// answers do not tell which accounts exist. Thread-safe.
class LoginQueue {
 public:
  enum class Admission {
    admitted,
    address_busy,  // the address has `per_address` checks waiting or running: 429
    server_busy,   // `total` checks are waiting or running: 503
  };

  // `run_elsewhere` hands a function to the threads that run the checks (the auth pool); it is
  // called once per admitted check.
  LoginQueue(std::size_t per_address, std::size_t total,
             std::function<void(std::function<void()>)> run_elsewhere);
  LoginQueue(const LoginQueue&) = delete;
  LoginQueue& operator=(const LoginQueue&) = delete;

  // Queues `check` for `address` when there is room; it later runs on the pool, once.
  Admission submit(const std::string& address, std::function<void()> check);

  // Checks waiting or running (for tests and /metrics).
  std::size_t size() const;

 private:
  struct Address {
    std::deque<std::function<void()>> waiting;
    std::size_t admitted = 0;  // waiting or running
  };

  // Runs the check of the address whose turn it is.
  void run_next();
  void finished(const std::string& address);

  std::size_t per_address_;
  std::size_t total_;
  std::function<void(std::function<void()>)> run_elsewhere_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Address> addresses_;  // GUARDED_BY(mutex_)
  std::deque<std::string> turns_;  // addresses with a check waiting; GUARDED_BY(mutex_)
  std::size_t admitted_ = 0;       // GUARDED_BY(mutex_)
};

}  // namespace kefu::auth
