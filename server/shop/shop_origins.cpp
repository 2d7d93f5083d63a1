#include "server/shop/shop_origins.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <cctype>

#include "server/shop/shop_errors.hpp"

namespace kefu::shop {

std::optional<std::string> shop_origin(std::string_view text) {
  auto url = boost::urls::parse_absolute_uri(text);
  if (!url || (url->scheme() != "http" && url->scheme() != "https") || !url->has_authority() ||
      url->host().empty() || url->has_userinfo() || !url->encoded_path().empty() ||
      url->has_query() || (url->has_port() && url->port().empty())) {
    return std::nullopt;
  }
  std::string origin = std::string(url->scheme()) + "://" + std::string(url->encoded_host());
  if (url->has_port()) origin += ":" + std::string(url->port());
  for (auto& c : origin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return origin;
}

std::vector<std::string> read_shop_origins(const std::vector<std::string>& given) {
  if (given.size() > kMaxShopOrigins) {
    throw ShopInputError("too_many_origins", "at most 50 allowed origins");
  }
  std::vector<std::string> out;
  for (const auto& text : given) {
    const auto origin = shop_origin(text);
    if (!origin) {
      throw ShopInputError("bad_origin", "'" + text +
                                             "' is not an origin (http:// or https://, a host, "
                                             "an optional :port, no path)");
    }
    if (std::find(out.begin(), out.end(), *origin) != out.end()) {
      throw ShopInputError("duplicate_origin", "'" + *origin + "' is given twice");
    }
    out.push_back(*origin);
  }
  return out;
}

}  // namespace kefu::shop
