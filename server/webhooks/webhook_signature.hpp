#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kefu::webhooks {

// Standard Webhooks 1.0 (https://www.standardwebhooks.com/, "Signature scheme"): a secret is
// "whsec_" + base64 of 24 random bytes (libsodium); the HMAC key is the decoded bytes.
std::string new_webhook_secret();

// "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)) (OpenSSL). Throws
// std::invalid_argument when `secret` is not a whsec_ secret.
std::string sign_webhook(std::string_view secret, std::string_view webhook_id,
                         std::int64_t timestamp_s, std::string_view body);

// The webhook-signature header: one signature per live secret, separated by spaces (during a
// rotation the new secret and the old one both sign).
std::string signature_header(const std::vector<std::string>& secrets, std::string_view webhook_id,
                             std::int64_t timestamp_s, std::string_view body);

}  // namespace kefu::webhooks
