#pragma once

#include <array>
#include <stdexcept>
#include <string>

namespace kefu::mail {

// A sealed password that does not open (another key, or altered).
struct SealBroken : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Mailbox passwords at rest. They must be usable (Kefu logs in to SMTP and IMAP with them), so
// they cannot be hashed like staff passwords; they are sealed with libsodium's secretbox
// (XSalsa20-Poly1305, a random nonce each time) under a key kept in a file of its own beside the
// database (created with mode 0600 at first use), so a copy of the database alone reveals no
// password. Thread-safe after construction.
class PasswordSeal {
 public:
  // Reads the key from `key_file`, creating the file with a new random key if it is missing.
  // Throws std::runtime_error when the file cannot be read or written or holds no key.
  explicit PasswordSeal(const std::string& key_file);

  // The key file used for a database: "<database>.mail-key".
  static std::string key_file_for(const std::string& database);

  std::string seal(const std::string& password) const;
  // Throws SealBroken.
  std::string open(const std::string& sealed) const;

 private:
  std::array<unsigned char, 32> key_{};
};

}  // namespace kefu::mail
