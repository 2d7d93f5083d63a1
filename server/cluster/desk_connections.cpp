#include "server/cluster/desk_connections.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url.hpp>
#include <stdexcept>

namespace kefu::cluster {

std::string desk_connection_uri(const std::string& uri, std::int64_t desk_epoch) {
  auto parsed = boost::urls::parse_uri(uri);
  if (!parsed) throw std::invalid_argument("not a postgresql:// URI: " + parsed.error().message());
  boost::urls::url tagged(*parsed);
  tagged.params().set("application_name", kDeskApplicationName);
  if (desk_epoch != 0) {
    std::string options = "-c kefu.desk_epoch=" + std::to_string(desk_epoch);
    const auto given = tagged.params().find("options");
    if (given != tagged.params().end() && (*given).has_value && !(*given).value.empty()) {
      options = (*given).value + " " + options;
    }
    // libpq takes no '=' unencoded in a query parameter's value.
    const std::string encoded = boost::urls::encode(options, boost::urls::unreserved_chars);
    tagged.encoded_params().set("options", boost::urls::pct_string_view(encoded));
  }
  return std::string(tagged.buffer());
}

}  // namespace kefu::cluster
