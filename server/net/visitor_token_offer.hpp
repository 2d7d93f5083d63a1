#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "server/net/http_types.hpp"

namespace kefu::net {

// The subprotocol a customer socket speaks. The widget offers it together with its token, and
// the server's 101 names it (RFC 6455 §4.2.2: the server answers with one of the offered
// values, never with the token).
inline constexpr std::string_view kCustomerSubprotocol = "kefu.customer.v1";
// The offered subprotocol that carries the visitor token: this prefix, then the token (unpadded
// base64url, so a valid header token).
inline constexpr std::string_view kVisitorTokenPrefix = "kefu.visitor-token.";

// What a /ws/customer upgrade request offers as its credential (docs/protocol.md,
// "Connecting"): the visitor token from its Sec-WebSocket-Protocol values, or why it is refused
// before the upgrade. The token travels only there, never in the URL, where proxies and access
// logs keep it (ASVS V3.1.1): a target with a `token` query parameter is refused even when the
// header carries a token too. Whether the token is known is the caller's question.
struct VisitorTokenOffer {
  std::optional<std::string> token;  // set when nothing is refused here
  unsigned status = 0;               // else the HTTP status of the refusal (400 or 401)
  std::string code;                  // and its error code
  std::string message;

  // Reads the request's target and Sec-WebSocket-Protocol header fields (all of them, each a
  // comma-separated list of tokens, parsed by Beast).
  static VisitorTokenOffer of(const Request& upgrade);
};

}  // namespace kefu::net
