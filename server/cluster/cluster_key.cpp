#include "server/cluster/cluster_key.hpp"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace kefu::cluster {
namespace {

constexpr std::size_t kKeyBytes = 32;

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex += kDigits[bytes[i] >> 4];
    hex += kDigits[bytes[i] & 0xf];
  }
  return hex;
}

int digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  throw std::runtime_error("cluster_key: the stored key is not hex");
}

}  // namespace

std::string cluster_key(store::PgConnection& db) {
  std::array<unsigned char, kKeyBytes> fresh{};
  if (RAND_bytes(fresh.data(), static_cast<int>(fresh.size())) != 1) {
    throw std::runtime_error("cluster_key: no random bytes from OpenSSL");
  }
  db.exec("INSERT INTO cluster_key(id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
          {to_hex(fresh.data(), fresh.size())});
  const auto stored = db.exec("SELECT key FROM cluster_key WHERE id = 1");
  const std::string hex = stored.text(0, 0);
  if (hex.size() != kKeyBytes * 2) throw std::runtime_error("cluster_key: the stored key is short");
  std::string key(kKeyBytes, '\0');
  for (std::size_t i = 0; i < kKeyBytes; ++i) {
    key[i] = static_cast<char>(digit(hex[2 * i]) * 16 + digit(hex[2 * i + 1]));
  }
  return key;
}

}  // namespace kefu::cluster
