#include "server/auth/password_hasher.hpp"

#include <sodium.h>

#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace kefu::auth {

PasswordHasher::PasswordHasher(unsigned long long memory_bytes, unsigned long long passes)
    : memory_bytes_(memory_bytes), passes_(passes) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  // The decoy (verify_nothing) is made once per process for each cost: a hash of a fixed
  // password, so every hasher may share it, and a hasher made later (a cluster's new desk: a
  // standby made one while it waited) starts without spending one.
  static std::mutex mutex;
  static std::map<std::pair<unsigned long long, unsigned long long>, std::string> decoys;
  std::lock_guard lock(mutex);
  auto& decoy = decoys[{memory_bytes_, passes_}];
  if (decoy.empty()) decoy = hash("kefu decoy password");
  decoy_hash_ = decoy;
}

std::string PasswordHasher::hash(const std::string& password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), passes_, memory_bytes_,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return out;
}

bool PasswordHasher::verify(const std::string& stored, const std::string& password) const {
  if (stored.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::verify_nothing(const std::string& password) const {
  (void)verify(decoy_hash_, password + "\x01");
}

}  // namespace kefu::auth
