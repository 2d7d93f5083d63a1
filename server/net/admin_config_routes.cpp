#include "server/net/admin_config_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <iostream>
#include <set>

#include "server/admin/queue_definition.hpp"
#include "server/admin/team_hours.hpp"
#include "server/care/care_office.hpp"
#include "server/config/config_import.hpp"
#include "server/config/config_refused.hpp"
#include "server/config/sqlite_config_store.hpp"
#include "server/net/admin_access.hpp"
#include "server/net/admin_sla_routes.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"
#include "server/shop/sql_shop_link_store.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

std::set<std::int64_t> members_of(const json::object& team) {
  std::set<std::int64_t> ids;
  if (const json::value* members = team.if_contains("members")) {
    for (const auto& m : members->as_array()) ids.insert(m.as_int64());
  }
  return ids;
}

// Makes the imported changes live (on the back office strand, after the commit): the desk's
// queues and staff, the hours book, the SLA policies, quality settings, care rules and the
// shop's allowed origins.
void make_live(ServerState& state, const std::vector<config::ConfigChange>& changes) {
  std::vector<routing::QueueConfig> configure;
  std::vector<std::pair<std::string, std::string>> retire;  // queue, moved to
  std::set<std::int64_t> staff;
  bool sla = false, quality = false, care = false, shop = false;
  for (const auto& c : changes) {
    if (c.section == "queues" && c.kind == "removed") {
      retire.emplace_back(c.key,
                          c.before.at("channel").as_string() == "chat" ? "general" : "tickets");
    } else if (c.section == "queues") {
      const auto queue = admin::read_queue(c.after);
      if (!queue.retired_at) configure.push_back(admin::queue_config(queue));
    } else if (c.section == "teams") {
      const auto before = members_of(c.before), after = members_of(c.after);
      std::set_symmetric_difference(before.begin(), before.end(), after.begin(), after.end(),
                                    std::inserter(staff, staff.begin()));
    } else if (c.section == "hours" && c.kind == "removed") {
      state.business_hours().clear(c.key);
    } else if (c.section == "hours") {
      json::object rest = c.after;
      rest.erase("team");
      state.business_hours().set(admin::read_hours(c.key, rest));
    }
    sla = sla || c.section == "sla_policies";
    quality = quality || c.section == "quality";
    care = care || c.section == "care_rules";
    shop = shop || c.section == "shop_origins";
  }
  if (shop) {
    shop::SqlShopLinkStore store(state.back_office().sql());
    state.shop_link().load(store);
  }
  if (quality) state.back_office().quality().reload_settings();
  if (sla || quality) apply_sla_policies(state, state.routing_setup().sla_policies());
  if (care) state.care().office().rules_changed();
  std::vector<store::UserRecord> users;
  for (const auto id : staff) {
    try {
      users.push_back(state.staff_directory().find(id).user);
    } catch (const std::exception&) {
      // a member removed meanwhile: nothing to tell the desk
    }
  }
  asio::post(state.desk(), [&state, configure, retire, users] {
    try {
      for (const auto& q : configure) state.centre().configure_queue(q);
      for (const auto& [name, into] : retire) state.centre().retire_queue(name, into);
      for (const auto& user : users) state.centre().update_staff(user);
    } catch (const std::exception& failure) {
      std::cerr << "kefu: imported configuration not all live: " << failure.what() << "\n";
    }
  });
}

bool dry_run_asked(const Request& req) {
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) return false;
  for (const auto& param : url->params()) {
    if (param.key == "dry_run") return param.value == "true" || param.value == "1";
  }
  return false;
}

void export_config(const Request& req, ServerState& state, const Reply& reply) {
  asio::post(state.back_office_strand(), [&state, req, reply] {
    try {
      config::SqliteConfigStore store(state.settings().location(), state.clock(),
                                      state.staff_directory());
      reply(json_response(req, 200, json::serialize(document_json(store.current(false)))));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: config export: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the configuration could not be read; retry"));
    }
  });
}

void import_config(const Request& req, ServerState& state, const Reply& reply, std::int64_t by) {
  auto body = json_object_body(req);
  if (!body) {
    reply(error_response(req, 400, "bad_request", "a configuration is a JSON object"));
    return;
  }
  const bool dry_run = dry_run_asked(req);
  asio::post(state.back_office_strand(), [&state, req, reply, by, dry_run,
                                          document = json::value(std::move(*body))] {
    try {
      config::SqliteConfigStore store(state.settings().location(), state.clock(),
                                      state.staff_directory());
      const auto changes =
          config::ConfigImport(store).run(document, dry_run, by, state.clock().now_ms());
      if (!dry_run) make_live(state, changes);
      reply(json_response(req, 200,
                          json::serialize(json::object{{"dry_run", dry_run},
                                                       {"changes", config::changes_json(changes)},
                                                       {"text", config::changes_text(changes)}})));
    } catch (const config::ConfigRefused& refused) {
      reply(json_response(
          req, 400,
          json::serialize(json::object{
              {"error", refused.code}, {"message", refused.what()}, {"where", refused.where}})));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: config import: " << failure.what() << "\n";
      reply(
          error_response(req, 503, "unavailable", "the configuration could not be stored; retry"));
    }
  });
}

}  // namespace

bool handle_admin_config_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (path != "/api/admin/config" && path != "/api/admin/config/import") return false;
  auto admin = admin_only(req, state, reply);
  if (!admin) return true;
  if (path == "/api/admin/config" && req.method() == http::verb::get) {
    export_config(req, state, reply);
  } else if (path == "/api/admin/config/import" && req.method() == http::verb::post) {
    import_config(req, state, reply, admin->user.id);
  } else {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
  }
  return true;
}

}  // namespace kefu::net
