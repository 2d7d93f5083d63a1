#include "server/net/http_types.hpp"

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace kefu::net {
namespace http = boost::beast::http;

Response json_response(const Request& req, unsigned status, std::string body) {
  Response res{static_cast<http::status>(status), req.version()};
  res.set(http::field::server, "kefu");
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

void add_common_headers(http::fields& fields) {
  fields.set("X-Content-Type-Options", "nosniff");
  fields.set("Referrer-Policy", "same-origin");
  // The widget's preview page (static_files) may be framed by Kefu's own pages: SAMEORIGIN.
  if (fields.find(http::field::x_frame_options) == fields.end()) {
    fields.set(http::field::x_frame_options, "DENY");
  }
  if (fields.find("Content-Security-Policy") == fields.end()) {
    fields.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
}

Response error_response(const Request& req, unsigned status, std::string_view code,
                        std::string_view message) {
  return json_response(
      req, status,
      boost::json::serialize(boost::json::object{{"error", code}, {"message", message}}));
}

}  // namespace kefu::net
