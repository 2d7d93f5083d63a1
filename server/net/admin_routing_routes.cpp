#include "server/net/admin_routing_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <iostream>

#include "server/admin/audit_log.hpp"
#include "server/admin/json_fields.hpp"
#include "server/domain/queue_choice.hpp"
#include "server/net/admin_access.hpp"
#include "server/net/admin_sla_routes.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

json::object body_of(const Request& req) {
  auto body = json_object_body(req);
  if (!body) throw admin::SetupInputError("bad_request", "the body must be a JSON object");
  return std::move(*body);
}

admin::TeamDefinition read_team(const json::object& body, std::string name) {
  admin::fields::only(body, {"name", "members"});
  admin::TeamDefinition team;
  team.name = name.empty() ? admin::fields::text(body, "name") : std::move(name);
  for (const auto& m : admin::fields::array(body, "members")) {
    if (!m.is_int64()) throw admin::SetupInputError("bad_request", "members are staff ids");
    team.members.push_back(m.get_int64());
  }
  return team;
}

routing::QueueConfig live_config(const admin::QueueDefinition& q) {
  return admin::queue_config(q);
}

// Runs `work` on the back office strand and turns the setup errors into their replies.
template <typename Work>
void on_setup(ServerState& state, const Request& req, const Reply& reply, Work work) {
  asio::post(state.back_office_strand(), [&state, req, reply, work = std::move(work)]() mutable {
    try {
      work(state.routing_setup());
    } catch (const admin::SetupNotFound& missing) {
      reply(error_response(req, 404, "not_found", missing.what()));
    } catch (const admin::SetupInputError& bad) {
      reply(error_response(req, 400, bad.code, bad.what()));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: routing setup: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the change could not be stored; retry"));
    }
  });
}

void overview(const Request& req, ServerState& state, const Reply& reply) {
  on_setup(state, req, reply, [&state, req, reply](admin::RoutingSetup& setup) {
    json::array teams, queues, skills;
    for (const auto& t : setup.teams()) teams.push_back(admin::team_json(t));
    for (const auto& q : setup.queues()) queues.push_back(admin::queue_json(q));
    for (const auto& s : setup.skills()) skills.emplace_back(s);
    json::object hours;
    for (const auto& h : setup.hours()) hours[h.team] = admin::hours_json(h);
    json::object answer{{"teams", std::move(teams)},
                        {"hours", std::move(hours)},
                        {"queues", std::move(queues)},
                        {"skills", std::move(skills)},
                        {"built_in", json::array{"general", "tickets"}}};
    // How many wait in each queue, from the desk: what retiring one would move.
    asio::post(state.desk(), [&state, req, reply, answer = std::move(answer)]() mutable {
      json::object waiting;
      for (const auto& q : state.centre().queue_stats()) {
        waiting[q.name] = static_cast<std::int64_t>(q.waiting);
      }
      answer["waiting"] = std::move(waiting);
      reply(json_response(req, 200, json::serialize(answer)));
    });
  });
}

void save_team(const Request& req, ServerState& state, const Reply& reply, std::int64_t by,
               std::string name) {
  const bool create = name.empty();
  auto team = read_team(body_of(req), std::move(name));
  on_setup(state, req, reply, [&state, req, reply, team, create, by](admin::RoutingSetup& setup) {
    const auto changed = setup.save_team(team, create, by);
    for (const auto id : changed) {
      const auto user = state.staff_directory().find(id).user;
      asio::post(state.desk(), [&state, user] { state.centre().update_staff(user); });
    }
    auto saved = team;
    std::sort(saved.members.begin(), saved.members.end());
    saved.members.erase(std::unique(saved.members.begin(), saved.members.end()),
                        saved.members.end());
    reply(json_response(req, create ? 201 : 200,
                        json::serialize(json::object{{"team", admin::team_json(saved)}})));
  });
}

void save_queue(const Request& req, ServerState& state, const Reply& reply, std::int64_t by,
                std::string name) {
  const bool create = name.empty();
  auto queue = admin::read_queue(body_of(req));
  on_setup(
      state, req, reply, [&state, req, reply, queue, create, by, name](admin::RoutingSetup& setup) {
        const auto saved =
            create ? setup.create_queue(queue, by) : setup.update_queue(name, queue, by);
        refresh_sla_book(state, setup);  // the queue's team's hours count for its SLA clocks
        asio::post(state.desk(), [&state, config = live_config(saved)] {
          try {
            state.centre().configure_queue(config);
          } catch (const std::exception& failure) {
            std::cerr << "kefu: queue " << config.name << " not applied: " << failure.what()
                      << "\n";
          }
        });
        reply(json_response(req, create ? 201 : 200,
                            json::serialize(json::object{{"queue", admin::queue_json(saved)}})));
      });
}

void retire_queue(const Request& req, ServerState& state, const Reply& reply, std::int64_t by,
                  std::string name) {
  const json::object body = body_of(req);
  admin::fields::only(body, {"move_to"});
  const std::string move_to = admin::fields::text(body, "move_to");
  on_setup(state, req, reply, [&state, req, reply, by, name, move_to](admin::RoutingSetup& setup) {
    const auto saved = setup.retire_queue(name, move_to, state.clock().now_ms(), by);
    refresh_sla_book(state, setup);
    asio::post(state.desk(), [&state, req, reply, saved] {
      json::array moved;
      try {
        for (const auto id : state.centre().retire_queue(saved.name, saved.moved_to)) {
          moved.emplace_back(id);
        }
      } catch (const std::exception& failure) {
        std::cerr << "kefu: queue " << saved.name << " not retired live: " << failure.what()
                  << "\n";
      }
      reply(json_response(req, 200,
                          json::serialize(json::object{{"queue", admin::queue_json(saved)},
                                                       {"moved", std::move(moved)}})));
    });
  });
}

void save_hours(const Request& req, ServerState& state, const Reply& reply, std::int64_t by,
                const std::string& team) {
  const auto hours = admin::read_hours(team, body_of(req));
  on_setup(state, req, reply, [&state, req, reply, hours, by](admin::RoutingSetup& setup) {
    const auto saved = setup.save_hours(hours, by);
    state.business_hours().set(saved);
    reply(json_response(req, 200,
                        json::serialize(json::object{{"hours", admin::hours_json(saved)}})));
  });
}

// GET /api/widget/hours: whether the team that serves a new chat is open now, when it opens
// next, and its hours, for the widget's closed state. Public (no token), for the shop's pages.
void widget_hours(const Request& req, ServerState& state, const Reply& reply) {
  on_setup(state, req, reply, [&state, req, reply](admin::RoutingSetup& setup) {
    QueueChoice choice;
    std::string team;
    const auto queues = setup.queues();
    for (const auto& q : queues) {
      if (!q.retired_at) choice.set(admin::queue_config(q));
    }
    const std::string chosen = choice.choose(routing::Channel::chat, routing::Segment::active);
    for (const auto& q : queues) {
      if (q.name == chosen) team = q.team;
    }
    json::object answer{{"team", team.empty() ? json::value(nullptr) : json::value(team)}};
    const auto hours = team.empty() ? nullptr : state.business_hours().hours(team);
    const std::int64_t now = state.clock().now_ms();
    const auto next = state.business_hours().calendar(hours ? team : "")->next_open(now);
    answer["open"] = next && *next == now;
    answer["now"] = now;
    answer["next_open"] = next ? json::value(*next) : json::value(nullptr);
    answer["hours"] = hours ? json::value(admin::hours_json(*hours)) : json::value(nullptr);
    Response res = json_response(req, 200, json::serialize(answer));
    allow_cross_origin(req, state, res);
    reply(std::move(res));
  });
}

// GET /api/admin/audit?type=&before=&limit=: the admin changes, newest first.
void audit(const Request& req, ServerState& state, const Reply& reply) {
  admin::AuditQuery query;
  if (auto url = boost::urls::parse_origin_form(req.target())) {
    for (const auto& param : url->params()) {
      if (param.key == "type") query.type = param.value;
      if (param.key != "before" && param.key != "limit") continue;
      const auto number = parse_ms(param.value);  // a whole, non-negative number, nothing else
      if (!number || (param.key == "limit" && *number > 1'000'000)) {
        throw admin::SetupInputError("bad_request", "before and limit are whole numbers");
      }
      if (param.key == "before") query.before_id = *number;
      if (param.key == "limit") query.limit = static_cast<int>(*number);
    }
  }
  const auto& types = admin::AuditLog::types();
  if (!query.type.empty() && std::find(types.begin(), types.end(), query.type) == types.end()) {
    throw admin::SetupInputError("bad_request", "no such change type");
  }
  on_setup(state, req, reply, [&state, req, reply, query](admin::RoutingSetup&) {
    admin::SqliteAuditLog log(state.routing_setup_database());
    json::array changes, known;
    for (const auto& r : log.changes(query)) {
      changes.push_back(
          json::object{{"id", r.id}, {"at", r.at}, {"type", r.type}, {"data", r.data}});
    }
    for (const auto& t : admin::AuditLog::types()) known.emplace_back(t);
    reply(json_response(req, 200,
                        json::serialize(json::object{{"changes", std::move(changes)},
                                                     {"types", std::move(known)}})));
  });
}

// The decoded segments of the path after /api/admin/.
std::vector<std::string> segments(const Request& req) {
  std::vector<std::string> out;
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) return out;
  for (const auto& s : url->segments()) out.push_back(s);
  return out;
}

}  // namespace

bool handle_admin_routing_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (path == "/api/widget/hours") {
    if (req.method() == http::verb::get) {
      widget_hours(req, state, reply);
    } else {
      reply(error_response(req, 405, "method_not_allowed", "wrong method"));
    }
    return true;
  }
  if (path != "/api/admin/routing" && path != "/api/admin/audit" &&
      !path.starts_with("/api/admin/teams") && !path.starts_with("/api/admin/queues")) {
    return false;
  }
  auto admin = admin_only(req, state, reply);
  if (!admin) return true;
  const auto method = req.method();
  const auto parts = segments(req);  // "api", "admin", ...
  auto wrong_method = [&] {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
  };
  try {
    const std::int64_t by = admin->user.id;
    if (parts.size() == 3 && parts[2] == "audit") {
      method == http::verb::get ? audit(req, state, reply) : wrong_method();
    } else if (parts.size() == 3 && parts[2] == "routing") {
      method == http::verb::get ? overview(req, state, reply) : wrong_method();
    } else if (parts.size() == 3 && parts[2] == "teams") {
      method == http::verb::post ? save_team(req, state, reply, by, {}) : wrong_method();
    } else if (parts.size() == 4 && parts[2] == "teams" && !parts[3].empty()) {
      method == http::verb::put ? save_team(req, state, reply, by, parts[3]) : wrong_method();
    } else if (parts.size() == 5 && parts[2] == "teams" && parts[4] == "hours") {
      method == http::verb::put ? save_hours(req, state, reply, by, parts[3]) : wrong_method();
    } else if (parts.size() == 3 && parts[2] == "queues") {
      method == http::verb::post ? save_queue(req, state, reply, by, {}) : wrong_method();
    } else if (parts.size() == 4 && parts[2] == "queues" && !parts[3].empty()) {
      method == http::verb::put ? save_queue(req, state, reply, by, parts[3]) : wrong_method();
    } else if (parts.size() == 5 && parts[2] == "queues" && parts[4] == "retire") {
      method == http::verb::post ? retire_queue(req, state, reply, by, parts[3]) : wrong_method();
    } else {
      reply(error_response(req, 404, "not_found", "no such endpoint"));
    }
  } catch (const admin::SetupInputError& bad) {
    reply(error_response(req, 400, bad.code, bad.what()));
  }
  return true;
}

std::vector<routing::QueueConfig> configured_queues(ServerState& state) {
  std::vector<routing::QueueConfig> live;
  for (const auto& q : state.routing_setup().queues()) {
    if (!q.retired_at) live.push_back(live_config(q));
  }
  return live;
}

}  // namespace kefu::net
