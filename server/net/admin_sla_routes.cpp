#include "server/net/admin_sla_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <iostream>

#include "server/net/admin_access.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

json::object policies_json(const std::vector<admin::SlaPolicy>& policies) {
  json::object all;
  for (const auto& p : policies) all[p.channel] = admin::sla_json(p);
  return all;
}

// What each judge of time uses now, per channel, read back from each of them.
void in_use(ServerState& state, const Request& req, const Reply& reply, json::object answer) {
  json::object used;
  for (const char* channel : admin::kSlaChannels) {
    const auto quality = state.back_office().quality().settings().reply_target(channel);
    used[channel] =
        json::object{{"service_level_ms", state.back_office().service_level_threshold(channel)},
                     {"quality_reply_target_ms", quality}};
  }
  asio::post(state.desk(),
             [&state, req, reply, answer = std::move(answer), used = std::move(used)]() mutable {
               for (const char* channel : admin::kSlaChannels) {
                 used[channel].as_object()["supervisor_ms"] = state.centre().reply_target(channel);
               }
               answer["in_use"] = std::move(used);
               reply(json_response(req, 200, json::serialize(answer)));
             });
}

template <typename Work>
void on_back_office(ServerState& state, const Request& req, const Reply& reply, Work work) {
  asio::post(state.back_office_strand(), [&state, req, reply, work = std::move(work)]() mutable {
    try {
      work(state.routing_setup());
    } catch (const std::exception& failure) {
      std::cerr << "kefu: SLA policies: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the change could not be stored; retry"));
    }
  });
}

}  // namespace

void apply_sla_policies(ServerState& state, const std::vector<admin::SlaPolicy>& policies) {
  json::object quality = state.back_office().quality().settings().to_json();
  json::object& targets = quality["reply_target_ms"].as_object();
  bool changed = false;
  for (const auto& p : policies) {
    const std::int64_t ms = p.first_response_seconds * 1000;
    state.back_office().set_service_level_threshold(p.channel, ms);
    changed = changed || state.back_office().quality().settings().reply_target(p.channel) != ms;
    targets[p.channel] = ms;
    asio::post(state.desk(),
               [&state, channel = p.channel, ms] { state.centre().set_reply_target(channel, ms); });
  }
  if (!changed) return;
  state.back_office().guarded([&](BackOffice& office) {
    return office.in_write_transaction([&](BackOffice& o) {
      o.quality().replace_settings(quality);
      return 0;
    });
  });
}

bool handle_admin_sla_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  const auto method = req.method();
  if (path == "/api/sla") {
    auto staff = state.staff_for_session(session_cookie(req));
    if (!staff) {
      reply(error_response(req, 401, "unauthorized", "log in first"));
    } else if (method != http::verb::get) {
      reply(error_response(req, 405, "method_not_allowed", "wrong method"));
    } else {
      on_back_office(state, req, reply, [req, reply](admin::RoutingSetup& setup) {
        reply(json_response(req, 200, json::serialize(policies_json(setup.sla_policies()))));
      });
    }
    return true;
  }
  constexpr std::string_view kAdmin = "/api/admin/sla";
  if (path != kAdmin && !path.starts_with("/api/admin/sla/")) return false;
  auto admin = admin_only(req, state, reply);
  if (!admin) return true;
  if (path == kAdmin) {
    if (method != http::verb::get) {
      reply(error_response(req, 405, "method_not_allowed", "wrong method"));
      return true;
    }
    on_back_office(state, req, reply, [&state, req, reply](admin::RoutingSetup& setup) {
      in_use(state, req, reply, json::object{{"policies", policies_json(setup.sla_policies())}});
    });
    return true;
  }
  if (method != http::verb::put) {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
    return true;
  }
  try {
    auto body = json_object_body(req);
    if (!body) throw admin::SetupInputError("bad_request", "the body must be a JSON object");
    const auto policy = admin::read_sla(std::string(path.substr(kAdmin.size() + 1)), *body);
    const std::int64_t by = admin->user.id;
    on_back_office(state, req, reply, [&state, req, reply, policy, by](admin::RoutingSetup& setup) {
      const auto saved = setup.save_sla(policy, by);
      apply_sla_policies(state, {saved});
      reply(json_response(req, 200,
                          json::serialize(json::object{{"policy", admin::sla_json(saved)}})));
    });
  } catch (const admin::SetupInputError& bad) {
    reply(error_response(req, 400, bad.code, bad.what()));
  }
  return true;
}

}  // namespace kefu::net
