#include "server/net/json_body.hpp"

#include "server/json/strict_json.hpp"

namespace kefu::net {

std::optional<boost::json::object> json_object_body(const Request& req) {
  boost::json::error_code ec;
  boost::json::value v = parse_strict_json(req.body(), ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

}  // namespace kefu::net
