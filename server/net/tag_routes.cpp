#include "server/net/tag_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/pct_string_view.hpp>
#include <iostream>

#include "server/care/rule_tags.hpp"
#include "server/care/sqlite_rule_book.hpp"
#include "server/net/admin_access.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"
#include "server/shop/shop_errors.hpp"
#include "server/shop/sql_tag_catalogue.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kAdminTags = "/api/admin/tags";

// Runs `work(catalogue)` on the back office (a write transaction unless `read`) and answers
// with it; ShopInputError is a 400 with its code, TagInUse a 409 naming the rules, and nothing
// is changed.
template <typename Work>
void on_catalogue(ServerState& state, const Request& req, const Reply& reply, bool read,
                  Work work) {
  asio::post(state.back_office_strand(), [&state, req, reply, read, work] {
    auto run = [&](BackOffice& office) {
      shop::SqlTagCatalogue catalogue(office.sql());
      return work(catalogue, office.sql());
    };
    try {
      reply(read ? state.back_office().guarded(run)
                 : state.back_office().in_write_transaction(run));
    } catch (const shop::ShopInputError& bad) {
      reply(error_response(req, bad.code == "no_such_tag" ? 404 : 400,
                           bad.code == "no_such_tag" ? "not_found" : bad.code, bad.what()));
    } catch (const care::TagInUse& used) {
      json::array rules;
      for (const auto& rule : used.rules)
        rules.push_back(json::object{{"id", rule.id}, {"name", rule.name}});
      reply(json_response(
          req, 409,
          json::serialize(json::object{
              {"error", "tag_in_use"}, {"message", used.what()}, {"rules", std::move(rules)}})));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: " << req.target() << ": " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

void list(const Request& req, ServerState& state, const Reply& reply) {
  on_catalogue(state, req, reply, true, [req](shop::TagCatalogue& catalogue, sql::Connection&) {
    json::array tags;
    for (const auto& t : catalogue.list()) tags.push_back(shop::tag_json(t));
    return json_response(req, 200, json::serialize(json::object{{"tags", std::move(tags)}}));
  });
}

void create(const Request& req, ServerState& state, const Reply& reply, std::int64_t by,
            json::object body) {
  const std::int64_t now = state.clock().now_ms();
  on_catalogue(state, req, reply, false,
               [req, by, body, now](shop::TagCatalogue& catalogue, sql::Connection&) {
                 const auto tag = shop::read_tag(body, std::nullopt, now);
                 if (catalogue.find(tag.name)) {
                   throw shop::ShopInputError("duplicate_tag", "the tag '" + tag.name + "' exists");
                 }
                 catalogue.save(tag);
                 catalogue.audit({"tag_created", by, now, tag.name, {}, shop::tag_json(tag)});
                 return json_response(req, 201, json::serialize(shop::tag_json(tag)));
               });
}

// PUT (body given) or DELETE (retire) of an existing tag.
void change(const Request& req, ServerState& state, const Reply& reply, std::int64_t by,
            std::string name, std::optional<json::object> body) {
  const std::int64_t now = state.clock().now_ms();
  on_catalogue(state, req, reply, false,
               [req, by, name, body, now](shop::TagCatalogue& catalogue, sql::Connection& db) {
                 const auto before = catalogue.find(name);
                 if (!before) throw shop::ShopInputError("no_such_tag", "no tag '" + name + "'");
                 shop::CatalogueTag after = *before;
                 if (body) {
                   after = shop::read_tag(*body, name, now);
                   after.created_at = before->created_at;
                   if (after.retired_at && before->retired_at)
                     after.retired_at = before->retired_at;
                 } else if (!after.retired_at) {
                   after.retired_at = now;
                 }
                 const bool retired = after.retired_at && !before->retired_at;
                 if (retired) {
                   // A tag care rules add stays until they are changed (docs/protocol.md, "Admin:
                   // tags").
                   care::SqliteRuleBook rules(db);
                   care::require_unused_tag(rules, name);
                 }
                 catalogue.save(after);
                 catalogue.audit({retired ? "tag_retired" : "tag_updated", by, now, name,
                                  shop::tag_json(*before), shop::tag_json(after)});
                 return json_response(req, 200, json::serialize(shop::tag_json(after)));
               });
}

}  // namespace

bool handle_tag_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (path == "/api/tags") {
    if (!state.staff_for_session(session_cookie(req))) {
      reply(error_response(req, 401, "unauthorized", "log in first"));
    } else if (req.method() != http::verb::get) {
      reply(error_response(req, 405, "method_not_allowed", "GET the tags"));
    } else {
      list(req, state, reply);
    }
    return true;
  }
  if (path != kAdminTags && !path.starts_with(std::string(kAdminTags) + "/")) return false;
  auto admin = admin_only(req, state, reply);
  if (!admin) return true;
  const auto method = req.method();
  if (path == kAdminTags) {
    if (method == http::verb::get) {
      list(req, state, reply);
      return true;
    }
    if (method != http::verb::post) {
      reply(error_response(req, 405, "method_not_allowed", "GET or POST"));
      return true;
    }
    auto body = json_object_body(req);
    if (!body) {
      reply(error_response(req, 400, "bad_request", "a tag is a JSON object"));
      return true;
    }
    create(req, state, reply, admin->user.id, std::move(*body));
    return true;
  }
  const std::string raw = path.substr(kAdminTags.size() + 1);
  auto encoded = boost::urls::make_pct_string_view(raw);
  if (!encoded || raw.empty()) {
    reply(error_response(req, 404, "not_found", "no such tag"));
    return true;
  }
  std::string name = encoded->decode();
  if (method == http::verb::delete_) {
    change(req, state, reply, admin->user.id, std::move(name), std::nullopt);
  } else if (method == http::verb::put) {
    auto body = json_object_body(req);
    if (!body) {
      reply(error_response(req, 400, "bad_request", "a tag is a JSON object"));
      return true;
    }
    change(req, state, reply, admin->user.id, std::move(name), std::move(*body));
  } else {
    reply(error_response(req, 405, "method_not_allowed", "PUT or DELETE"));
  }
  return true;
}

}  // namespace kefu::net
