#pragma once

#include <string>

namespace kefu::testing {

// The X-Shopify-Hmac-Sha256 header a shop sends with `body`: base64 of HMAC-SHA256 under
// `secret`. Tests sign webhooks with it (and with a wrong secret, to see them refused).
std::string shopify_signature(const std::string& body, const std::string& secret);

}  // namespace kefu::testing
