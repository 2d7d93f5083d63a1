#pragma once

#include <string>

namespace kefu::auth {

// Hashes and checks staff passwords with argon2id (libsodium's crypto_pwhash_str), at least
// OWASP's minimum of m = 19 MiB, t = 2. Thread-safe; each call takes tens of milliseconds by
// design, so callers keep it off threads that serve sockets.
class PasswordHasher {
 public:
  // Memory in bytes and passes; the defaults are OWASP's recommendation for argon2id.
  explicit PasswordHasher(unsigned long long memory_bytes = 19ull << 20,
                          unsigned long long passes = 2);

  // Returns the self-describing hash string ($argon2id$v=19$m=...,t=...,p=1$salt$hash).
  std::string hash(const std::string& password) const;

  // True when `password` matches `stored`. Takes the same time whether or not it matches.
  bool verify(const std::string& stored, const std::string& password) const;

  // Spends the time of one verification against a hash of nothing, so that a login for an
  // unknown account answers as slowly as one for a known account with a wrong password.
  void verify_nothing(const std::string& password) const;

 private:
  unsigned long long memory_bytes_;
  unsigned long long passes_;
  std::string decoy_hash_;
};

}  // namespace kefu::auth
