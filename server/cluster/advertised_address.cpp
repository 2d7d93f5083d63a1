#include "server/cluster/advertised_address.hpp"

#include <boost/url/parse.hpp>
#include <stdexcept>

namespace kefu::cluster {

AdvertisedAddress parse_advertised_address(std::string_view text) {
  const auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) throw std::invalid_argument("not an absolute URL such as http://10.0.0.5:8080");
  const auto& url = *parsed;
  if (url.scheme_id() != boost::urls::scheme::http) {
    throw std::invalid_argument("the scheme must be http (TLS ends at the load balancer)");
  }
  if (url.encoded_host().empty()) throw std::invalid_argument("the URL needs a host");
  if (url.has_userinfo()) throw std::invalid_argument("the URL must not carry a user");
  if (!url.has_port() || url.port().empty()) throw std::invalid_argument("the URL needs a port");
  const auto port = url.port_number();
  if (port == 0 || url.port().size() > 5 || std::string(url.port()) != std::to_string(port)) {
    throw std::invalid_argument("the port must be a number from 1 to 65535");
  }
  if (!url.encoded_path().empty() && url.encoded_path() != "/") {
    throw std::invalid_argument("the URL must have no path");
  }
  if (url.has_query() || url.has_fragment()) {
    throw std::invalid_argument("the URL must have no query or fragment");
  }
  AdvertisedAddress address;
  // An IPv6 address without its brackets, a name decoded, an IPv4 address as it is.
  address.host = url.host_address();
  address.port = std::to_string(port);
  address.origin = "http://" + std::string(url.encoded_host_and_port());
  return address;
}

}  // namespace kefu::cluster
