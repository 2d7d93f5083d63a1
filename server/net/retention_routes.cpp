#include "server/net/retention_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <iostream>

#include "server/back_office/sqlite_message_retention.hpp"
#include "server/net/admin_access.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"
#include "server/net/retention_loop.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

json::value days_json(std::optional<int> days) {
  return days ? json::value(*days) : json::value(nullptr);
}

void answer(ServerState& state, const Request& req, const Reply& reply,
            std::optional<std::optional<int>> save, std::int64_t by) {
  asio::post(state.back_office_strand(), [&state, req, reply, save, by] {
    try {
      json::object out;
      if (save) {
        state.back_office().in_write_transaction([&](BackOffice& office) {
          SqliteMessageRetention(office.sql()).set_message_days(*save, by, state.clock().now_ms());
          return 0;
        });
        const auto sweep = sweep_messages(state, by);
        out["removed"] =
            json::object{{"messages", sweep.messages}, {"attachments", sweep.attachments}};
      }
      const auto days = state.back_office().guarded(
          [](BackOffice& office) { return SqliteMessageRetention(office.sql()).message_days(); });
      out["message_days"] = days_json(days);
      reply(json_response(req, 200, json::serialize(out)));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: retention: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

}  // namespace

bool handle_retention_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  if (target.substr(0, target.find('?')) != "/api/admin/retention") return false;
  auto admin = admin_only(req, state, reply);
  if (!admin) return true;
  if (req.method() == http::verb::get) {
    answer(state, req, reply, std::nullopt, admin->user.id);
    return true;
  }
  if (req.method() != http::verb::put) {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
    return true;
  }
  const auto body = json_object_body(req);
  const json::value* days = body ? body->if_contains("message_days") : nullptr;
  if (!body || body->size() != 1 || !days) {
    reply(error_response(req, 400, "bad_request", "the body is {\"message_days\": N or null}"));
    return true;
  }
  if (!days->is_null() && !(days->is_int64() && valid_message_days(days->get_int64()))) {
    reply(error_response(req, 400, "bad_days", "message_days is 1-3650, or null to keep for ever"));
    return true;
  }
  std::optional<int> save;
  if (!days->is_null()) save = static_cast<int>(days->get_int64());
  answer(state, req, reply, std::optional<std::optional<int>>(save), admin->user.id);
  return true;
}

}  // namespace kefu::net
