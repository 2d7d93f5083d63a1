#include "server/net/alert_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>

#include "server/net/admin_access.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace asio = boost::asio;

bool handle_alert_api(Request& req, ServerState& state, Reply& reply) {
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  if (path != "/api/alerts/thresholds") return false;
  const auto method = req.method();
  if (method != http::verb::get && method != http::verb::put) {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
    return true;
  }
  auto staff = supervisor_only(req, state, reply);
  if (!staff) return true;
  std::optional<metrics::AlertThresholds> wanted;
  if (method == http::verb::put) {
    auto body = json_object_body(req);
    if (!body) {
      reply(error_response(req, 400, "bad_json", "the body must be a JSON object"));
      return true;
    }
    try {
      wanted = metrics::AlertThresholds::from_json(*body);
    } catch (const std::invalid_argument& refused) {
      reply(error_response(req, 400, "bad_field", refused.what()));
      return true;
    }
  }
  asio::post(state.back_office_strand(),
             [&state, req = std::move(req), reply, wanted, by = staff->user.id] {
               try {
                 const std::int64_t now = state.clock().now_ms();
                 auto body = state.back_office().guarded([&](BackOffice& office) {
                   if (wanted) office.alerts().set_thresholds(*wanted, by, now);
                   return office.alerts().thresholds().to_json();
                 });
                 reply(json_response(req, 200, boost::json::serialize(body)));
               } catch (const std::exception& failure) {
                 std::cerr << "kefu: alert thresholds: " << failure.what() << "\n";
                 reply(error_response(req, 503, "unavailable", "try again"));
               }
             });
  return true;
}

}  // namespace kefu::net
