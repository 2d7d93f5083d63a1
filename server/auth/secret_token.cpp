#include "server/auth/secret_token.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <array>
#include <stdexcept>

namespace kefu::auth {

std::string new_secret_token() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::array<unsigned char, 32> bits{};
  randombytes_buf(bits.data(), bits.size());
  const auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bits.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bits.data(), bits.size(), variant);
  out.resize(out.find('\0'));
  return out;
}

std::string token_hash(const std::string& token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(token.data(), token.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  std::string hex(length * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), length);
  hex.pop_back();
  return hex;
}

std::string new_public_id(const std::string& prefix) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::array<unsigned char, 8> bits{};
  randombytes_buf(bits.data(), bits.size());
  std::string hex(bits.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bits.data(), bits.size());
  hex.pop_back();
  return prefix + hex;
}

}  // namespace kefu::auth
