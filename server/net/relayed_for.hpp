#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kefu::net {

// The header a standby node adds to every request and socket it relays to the desk
// (server/net/http_relay.hpp): the client's own IP address, signed, so that the desk's limits
// per address (login throttling, new visitors) count the client and not the relay.
inline constexpr std::string_view kRelayedForHeader = "Kefu-Relayed-For";

// `ADDRESS TIME SIGNATURE`: the address as text, the signing time in Unix seconds and
// HMAC-SHA256 (OpenSSL) under the cluster's key (cluster::cluster_key) over
// "kefu-relayed-for\n" ADDRESS "\n" TIME, in lower-case hex.
class RelayedFor {
 public:
  // How far a signature's time may be from the desk's clock (either way: nodes' clocks drift).
  static constexpr std::chrono::seconds kWindow{300};

  // The header's value for `address`, signed at `now` with `key`.
  static std::string sign(std::string_view key, std::string_view address,
                          std::chrono::system_clock::time_point now);

  // The client's address when `value` is signed with `key` within kWindow of `now`; nothing
  // otherwise (a forged, altered, stale or malformed header; an empty key trusts nothing).
  static std::optional<std::string> verify(std::string_view key, std::string_view value,
                                           std::chrono::system_clock::time_point now);
};

}  // namespace kefu::net
