#include "server/cluster/bus_location.hpp"

#include <boost/url/parse.hpp>
#include <charconv>
#include <stdexcept>
#include <string_view>

namespace kefu::cluster {
namespace {

bool valid_port(std::string_view digits) {
  unsigned port = 0;
  const auto end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, port);
  return !digits.empty() && ec == std::errc() && ptr == end && port >= 1 && port <= 65535;
}

std::string parse_server(const std::string& text) {
  const auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) throw std::invalid_argument("not a URL: " + text);
  const auto& url = *parsed;
  if (url.scheme() != "nats" && url.scheme() != "tls") {
    throw std::invalid_argument("a bus server is nats://host[:port] (or tls://): " + text);
  }
  if (!url.has_authority() || url.encoded_host().empty()) {
    throw std::invalid_argument("a bus server needs a host: " + text);
  }
  if (!(url.encoded_path().empty() || url.encoded_path() == "/") || url.has_query() ||
      url.has_fragment()) {
    throw std::invalid_argument("a bus server has no path, query or fragment: " + text);
  }
  if (url.has_port() && !valid_port(url.port())) {
    throw std::invalid_argument("a bus server's port is 1 to 65535: " + text);
  }
  std::string server = std::string(url.scheme()) + "://";
  if (url.has_userinfo()) server += std::string(url.encoded_userinfo()) + "@";
  server += std::string(url.encoded_host_and_port());
  if (!url.has_port()) server += ":4222";
  return server;
}

}  // namespace

std::string BusLocation::joined() const {
  std::string text;
  for (const auto& server : servers) {
    if (!text.empty()) text += ',';
    text += server;
  }
  return text;
}

BusLocation parse_bus_location(const std::string& text) {
  BusLocation location;
  std::size_t start = 0;
  for (;;) {
    const auto comma = text.find(',', start);
    const auto part =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    location.servers.push_back(parse_server(part));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return location;
}

}  // namespace kefu::cluster
