#include "server/net/admin_sla_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <iostream>

#include "server/net/admin_access.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

// The channels' policies by channel.
json::object policies_json(const std::vector<admin::SlaPolicy>& policies) {
  json::object all;
  for (const auto& p : policies) {
    if (p.queue.empty()) all[p.channel] = admin::sla_json(p);
  }
  return all;
}

// The queues' policies, by key.
json::array queue_policies_json(const std::vector<admin::SlaPolicy>& policies) {
  json::array all;
  for (const auto& p : policies) {
    if (!p.queue.empty()) all.push_back(admin::sla_json(p));
  }
  return all;
}

// What each judge of time uses now, per channel, read back from each of them.
void in_use(ServerState& state, const Request& req, const Reply& reply, json::object answer) {
  json::object used;
  for (const std::string& channel : admin::sla_channels()) {
    const auto& quality = state.back_office().quality().settings();
    used[channel] =
        json::object{{"service_level_ms", state.back_office().service_level_threshold(channel)},
                     {"quality_first_response_target_ms", quality.first_response_target(channel)},
                     {"quality_reply_target_ms", quality.reply_target(channel)}};
  }
  asio::post(state.desk(),
             [&state, req, reply, answer = std::move(answer), used = std::move(used)]() mutable {
               for (const std::string& channel : admin::sla_channels()) {
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
    } catch (const admin::SetupNotFound& missing) {
      reply(error_response(req, 404, "not_found", missing.what()));
    } catch (const admin::SetupInputError& bad) {
      reply(error_response(req, 400, bad.code, bad.what()));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: SLA policies: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the change could not be stored; retry"));
    }
  });
}

json::object body_of(const Request& req) {
  auto body = json_object_body(req);
  if (!body) throw admin::SetupInputError("bad_request", "the body must be a JSON object");
  return std::move(*body);
}

// GET /api/sla and GET /api/sla/clocks, for any signed-in staff.
void staff_view(Request& req, ServerState& state, Reply& reply, const std::string& path) {
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
  } else if (req.method() != http::verb::get) {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
  } else if (path == "/api/sla/clocks") {
    const std::int64_t id = staff->user.id;
    const bool supervises = staff->user.role != store::Role::agent;
    asio::post(state.desk(), [&state, req, reply, id, supervises] {
      json::object answer{{"now", state.clock().now_ms()},
                          {"conversations", state.centre().sla_clocks(id, supervises)}};
      reply(json_response(req, 200, json::serialize(answer)));
    });
  } else {
    on_back_office(state, req, reply, [req, reply](admin::RoutingSetup& setup) {
      reply(json_response(req, 200, json::serialize(policies_json(setup.sla_policies()))));
    });
  }
}

// The key a /api/admin/sla/queues/{queue}[/{priority}] path names, or "" for another shape.
std::string queue_policy_key(const Request& req) {
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) return {};
  std::vector<std::string> parts;
  for (const auto& s : url->segments()) parts.push_back(s);
  // "api", "admin", "sla", "queues", queue[, priority]
  if (parts.size() < 5 || parts.size() > 6 || parts[4].empty()) return {};
  if (parts.size() == 6 && parts[5].empty()) return {};
  return "queue:" + parts[4] + (parts.size() == 6 ? ":" + parts[5] : "");
}

void after_change(ServerState& state, admin::RoutingSetup& setup) {
  refresh_sla_book(state, setup);
  apply_sla_policies(state, setup.sla_policies());
}

// POST, PUT and DELETE of the queues' policies.
void queue_policies(Request& req, ServerState& state, Reply& reply, const std::string& path,
                    std::int64_t by) {
  const auto method = req.method();
  const auto answer = [req, reply](int status, const admin::SlaPolicy& p) {
    reply(
        json_response(req, status, json::serialize(json::object{{"policy", admin::sla_json(p)}})));
  };
  if (path == "/api/admin/sla/queues") {
    if (method != http::verb::post) {
      reply(error_response(req, 405, "method_not_allowed", "wrong method"));
      return;
    }
    on_back_office(state, req, reply, [&state, req, answer, by](admin::RoutingSetup& setup) {
      const auto saved = setup.create_queue_sla(setup.read_queue_policy(body_of(req)), by);
      after_change(state, setup);
      answer(201, saved);
    });
    return;
  }
  const std::string key = queue_policy_key(req);
  if (key.empty()) {
    reply(error_response(req, 404, "not_found", "no such endpoint"));
  } else if (method == http::verb::put) {
    on_back_office(state, req, reply, [&state, req, answer, key, by](admin::RoutingSetup& setup) {
      const auto saved = setup.update_queue_sla(key, setup.read_queue_policy(body_of(req)), by);
      after_change(state, setup);
      answer(200, saved);
    });
  } else if (method == http::verb::delete_) {
    on_back_office(state, req, reply, [&state, answer, key, by](admin::RoutingSetup& setup) {
      const auto removed = setup.remove_queue_sla(key, by);
      after_change(state, setup);
      answer(200, removed);
    });
  } else {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
  }
}

}  // namespace

void refresh_sla_book(ServerState& state, admin::RoutingSetup& setup) {
  std::map<std::string, std::string> teams;
  for (const auto& q : setup.queues()) {
    if (!q.retired_at) teams[q.name] = q.team;
  }
  state.sla().set_queue_teams(std::move(teams));
  state.sla().set_policies(setup.sla_policies());
}

void apply_sla_policies(ServerState& state, const std::vector<admin::SlaPolicy>& policies) {
  apply_desk_reply_targets(state, policies);
  apply_back_office_targets(state, policies);
}

void apply_desk_reply_targets(ServerState& state, const std::vector<admin::SlaPolicy>& policies) {
  for (const auto& p : policies) {
    if (!p.queue.empty()) continue;
    asio::post(state.desk(), [&state, channel = p.channel, ms = p.first_response_seconds * 1000] {
      state.centre().set_reply_target(channel, ms);
    });
  }
}

void apply_back_office_targets(ServerState& state, const std::vector<admin::SlaPolicy>& policies) {
  json::object quality = state.back_office().quality().settings().to_json();
  json::object& first = quality["first_response_target_ms"].as_object();
  json::object& replies = quality["reply_target_ms"].as_object();
  const auto& settings = state.back_office().quality().settings();
  bool changed = false;
  for (const auto& p : policies) {
    if (!p.queue.empty()) continue;
    const std::int64_t ms = p.first_response_seconds * 1000;
    const std::int64_t next_ms = p.next_response_seconds * 1000;
    state.back_office().set_service_level_threshold(p.channel, ms);
    changed = changed || settings.first_response_target(p.channel) != ms ||
              settings.reply_target(p.channel) != next_ms;
    first[p.channel] = ms;
    replies[p.channel] = next_ms;
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
  if (path == "/api/sla" || path == "/api/sla/clocks") {
    staff_view(req, state, reply, path);
    return true;
  }
  constexpr std::string_view kAdmin = "/api/admin/sla";
  if (path != kAdmin && !path.starts_with("/api/admin/sla/")) return false;
  auto admin = admin_only(req, state, reply);
  if (!admin) return true;
  const std::int64_t by = admin->user.id;
  try {
    if (path == "/api/admin/sla/queues" || path.starts_with("/api/admin/sla/queues/")) {
      queue_policies(req, state, reply, path, by);
      return true;
    }
    if (path == kAdmin) {
      if (method != http::verb::get) {
        reply(error_response(req, 405, "method_not_allowed", "wrong method"));
        return true;
      }
      on_back_office(state, req, reply, [&state, req, reply](admin::RoutingSetup& setup) {
        const auto all = setup.sla_policies();
        in_use(state, req, reply,
               json::object{{"policies", policies_json(all)},
                            {"queue_policies", queue_policies_json(all)},
                            {"priorities", json::array{"vip", "at_risk", "normal"}}});
      });
      return true;
    }
    if (method != http::verb::put) {
      reply(error_response(req, 405, "method_not_allowed", "wrong method"));
      return true;
    }
    const auto policy = admin::read_sla(std::string(path.substr(kAdmin.size() + 1)), body_of(req));
    on_back_office(state, req, reply, [&state, req, reply, policy, by](admin::RoutingSetup& setup) {
      const auto saved = setup.save_sla(policy, by);
      after_change(state, setup);
      reply(json_response(req, 200,
                          json::serialize(json::object{{"policy", admin::sla_json(saved)}})));
    });
  } catch (const admin::SetupInputError& bad) {
    reply(error_response(req, 400, bad.code, bad.what()));
  }
  return true;
}

}  // namespace kefu::net
