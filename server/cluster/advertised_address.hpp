#pragma once

#include <string>
#include <string_view>

namespace kefu::cluster {

// Where the other nodes of a cluster reach one node's HTTP port (`kefu serve --advertise`, the
// desk's `desk_lease.address`): an http URL with a host and a port and nothing else.
struct AdvertisedAddress {
  std::string host;    // a name, an IPv4 address, or an IPv6 address without its brackets
  std::string port;    // 1 to 65535, in decimal
  std::string origin;  // http://HOST:PORT, as written into the lease
};

// Reads `text` with Boost.URL: the scheme must be http, the host present, the port given
// (1 to 65535); no user, path (but "/"), query or fragment. Throws std::invalid_argument saying
// what is wrong.
AdvertisedAddress parse_advertised_address(std::string_view text);

}  // namespace kefu::cluster
