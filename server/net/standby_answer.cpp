#include "server/net/standby_answer.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace kefu::net {
namespace http = boost::beast::http;

namespace {

Response unavailable(const Request& req) {
  Response res{http::status::service_unavailable, req.version()};
  res.set(http::field::server, "kefu");
  res.set(http::field::retry_after, "1");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  add_common_headers(res.base());
  return res;
}

Response desk_fault(const Request& req, unsigned status, std::string_view code,
                    std::string_view why) {
  auto res = error_response(req, status, code, why);  // no-store, keep-alive as asked
  add_common_headers(res.base());
  return res;
}

}  // namespace

Response standby_answer(const Request& req, std::string_view why) {
  auto res = unavailable(req);
  res.set(http::field::content_type, "application/json");
  boost::json::object body;
  body["error"] = "standby";
  body["message"] = why;
  res.body() = boost::json::serialize(body);
  res.prepare_payload();
  return res;
}

Response standby_health(const Request& req) {
  auto res = unavailable(req);
  res.set(http::field::content_type, "text/plain");
  res.body() = "standby\n";
  res.prepare_payload();
  return res;
}

Response bad_gateway_answer(const Request& req, std::string_view why) {
  return desk_fault(req, 502, "bad_gateway", why);
}

Response desk_timeout_answer(const Request& req, std::string_view why) {
  return desk_fault(req, 504, "desk_timeout", why);
}

}  // namespace kefu::net
