#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kefu::shop {

// The most origins a shop may list.
inline constexpr std::size_t kMaxShopOrigins = 50;

// The origin of a shop's page as browsers send it, scheme://host[:port] in lower case, when
// `text` is exactly that: http or https, a host, no user info, path (not even "/"), query or
// fragment. Read with Boost.URL. Nullopt otherwise.
std::optional<std::string> shop_origin(std::string_view text);

// The allowed origins an admin gives, each read with shop_origin, in the order given. Throws
// ShopInputError: bad_origin (naming the first that is not one), duplicate_origin (the same
// origin twice, after lower-casing), too_many_origins (more than kMaxShopOrigins).
std::vector<std::string> read_shop_origins(const std::vector<std::string>& given);

}  // namespace kefu::shop
