#include "server/webhooks/webhook_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <stdexcept>

namespace kefu::webhooks {
namespace {

constexpr std::string_view kPrefix = "whsec_";
constexpr auto kVariant = sodium_base64_VARIANT_ORIGINAL;

std::string to_base64(const unsigned char* bytes, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, size, kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string key_of(std::string_view secret) {
  if (!secret.starts_with(kPrefix)) throw std::invalid_argument("not a whsec_ secret");
  const std::string_view text = secret.substr(kPrefix.size());
  std::string key(text.size(), '\0');
  std::size_t size = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), text.data(),
                        text.size(), nullptr, &size, nullptr, kVariant) != 0 ||
      size == 0) {
    throw std::invalid_argument("a whsec_ secret must be base64");
  }
  key.resize(size);
  return key;
}

}  // namespace

std::string new_webhook_secret() {
  unsigned char bytes[24];
  randombytes_buf(bytes, sizeof bytes);
  return std::string(kPrefix) + to_base64(bytes, sizeof bytes);
}

std::string sign_webhook(std::string_view secret, std::string_view webhook_id,
                         std::int64_t timestamp_s, std::string_view body) {
  const std::string key = key_of(secret);
  std::string content;
  content.reserve(webhook_id.size() + body.size() + 24);
  content.append(webhook_id).append(".").append(std::to_string(timestamp_s)).append(".");
  content.append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac,
           &size) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return "v1," + to_base64(mac, size);
}

std::string signature_header(const std::vector<std::string>& secrets, std::string_view webhook_id,
                             std::int64_t timestamp_s, std::string_view body) {
  std::string header;
  for (const auto& secret : secrets) {
    if (!header.empty()) header += ' ';
    header += sign_webhook(secret, webhook_id, timestamp_s, body);
  }
  return header;
}

}  // namespace kefu::webhooks
