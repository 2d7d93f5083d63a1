#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kefu::net {

// The header a standby node adds to every request and socket it relays to the desk
// (server/net/http_relay.hpp): the client's own IP address, so that the desk's limits per
// address (login throttling, new visitors) count the client and not the relay, and the relaying
// node's name, so that the desk can close the sockets of a node that stopped heartbeating
// (NodeSockets); both signed together.
inline constexpr std::string_view kRelayedForHeader = "Kefu-Relayed-For";

// What a valid header says: who the client is and which node relays it.
struct RelayedClient {
  std::string address;  // the client's IP address, as text (normalised)
  std::string node;     // the relaying node's name (`--node`), decoded
};

// `ADDRESS TIME NODE SIGNATURE`: the address as text, the signing time in Unix seconds, the
// node's name percent-encoded (RFC 3986: everything but unreserved characters, so a name with
// spaces stays one field) and HMAC-SHA256 (OpenSSL) under the cluster's key
// (cluster::cluster_key) over "kefu-relayed-for/2\n" ADDRESS "\n" TIME "\n" NODE (the name as
// sent, encoded), in lower-case hex. The older form without a node (`ADDRESS TIME SIGNATURE`,
// signed over "kefu-relayed-for\n" ...) is no longer accepted: it is ignored as any value
// without a valid signature is.
class RelayedFor {
 public:
  // How far a signature's time may be from the desk's clock (either way: nodes' clocks drift).
  static constexpr std::chrono::seconds kWindow{300};

  // The header's value for `address` relayed by `node` (not empty), signed at `now` with `key`.
  static std::string sign(std::string_view key, std::string_view address, std::string_view node,
                          std::chrono::system_clock::time_point now);

  // The client's address and the relaying node when `value` is signed with `key` within
  // kWindow of `now`; nothing otherwise (a forged, altered, stale or malformed header, one
  // without a node or in the older form, a node's name not encoded exactly as sign() encodes
  // it; an empty key trusts nothing).
  static std::optional<RelayedClient> verify(std::string_view key, std::string_view value,
                                             std::chrono::system_clock::time_point now);
};

}  // namespace kefu::net
