#include "server/cluster/desk_connections.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <stdexcept>

namespace kefu::cluster {

std::string desk_connection_uri(const std::string& uri) {
  auto parsed = boost::urls::parse_uri(uri);
  if (!parsed) throw std::invalid_argument("not a postgresql:// URI: " + parsed.error().message());
  boost::urls::url tagged(*parsed);
  tagged.params().set("application_name", kDeskApplicationName);
  return std::string(tagged.buffer());
}

}  // namespace kefu::cluster
