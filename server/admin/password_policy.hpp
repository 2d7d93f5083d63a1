#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

namespace kefu::admin {

// A staff password the policy refuses; what() says why, in words fit for the person choosing it.
class PasswordRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The rules every staff password chosen through Kefu must meet (OWASP ASVS 2.1): at least 12
// characters (Unicode code points), at most 1024 bytes, and libpwquality's checks with
// cracklib's dictionary of common passwords (no dictionary word, nothing simplistic or
// systematic, no palindrome, not the login). Applied to the first admin's setup, invitation
// acceptance, password resets and `kefu user add`; `kefu demo` makes its own passwords.
// Thread-safe.
class PasswordPolicy {
 public:
  static constexpr std::size_t kMinChars = 12;
  static constexpr std::size_t kMaxBytes = 1024;

  // Reads libpwquality's defaults (not /etc/security/pwquality.conf: the rules are Kefu's).
  PasswordPolicy();
  ~PasswordPolicy();
  PasswordPolicy(const PasswordPolicy&) = delete;
  PasswordPolicy& operator=(const PasswordPolicy&) = delete;

  // Why `password` is refused for the account `login`, or nothing when it is acceptable.
  std::optional<std::string> refusal(const std::string& password, const std::string& login) const;

  // Throws PasswordRefused when refusal() names a reason.
  void check(const std::string& password, const std::string& login) const;

 private:
  struct Settings;
  std::unique_ptr<Settings> settings_;
  mutable std::mutex mutex_;  // cracklib keeps no promise of thread safety
};

}  // namespace kefu::admin
