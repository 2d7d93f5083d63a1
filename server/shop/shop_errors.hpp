#pragma once

#include <stdexcept>
#include <string>

namespace kefu::shop {

// Input the shop's integration refuses (the REST answers 400 with `code`, and a configuration
// import the same): bad_origin, duplicate_origin, too_many_origins, bad_overlap, bad_tag,
// duplicate_tag, unknown_tag.
struct ShopInputError : std::invalid_argument {
  ShopInputError(std::string c, const std::string& message)
      : std::invalid_argument(message), code(std::move(c)) {}
  std::string code;
};

}  // namespace kefu::shop
