#pragma once

#include <string>
#include <string_view>

namespace kefu::customers {

// HMAC-SHA256 (RFC 2104, through OpenSSL) of `message` with `secret`, as 32 raw bytes.
std::string hmac_sha256(std::string_view secret, std::string_view message);

// True when `signature_hex` is the lower- or upper-case hex HMAC-SHA256 of `shop_customer_id`
// with the shop's `secret`: the identity verification a shop's page does for the chat widget
// (as Intercom's and Chatwoot's "identity verification"). Compared in constant time; an empty
// secret verifies nothing.
bool verify_visitor_signature(std::string_view shop_customer_id, std::string_view signature_hex,
                              std::string_view secret);

// True when `header` (the X-Shopify-Hmac-Sha256 header) is the base64 HMAC-SHA256 of the raw
// request `body` with the shop's `secret`, as Shopify signs its webhooks. Compared in constant
// time; a missing (empty) header, a header that is not base64 or an empty secret gives false.
bool verify_shopify_signature(std::string_view body, std::string_view header,
                              std::string_view secret);

// Lower-case hex of `bytes`.
std::string to_hex(std::string_view bytes);

// Standard base64 (RFC 4648, with padding) of `bytes`.
std::string to_base64(std::string_view bytes);

}  // namespace kefu::customers
