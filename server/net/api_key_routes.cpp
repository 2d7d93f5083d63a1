#include "server/net/api_key_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <iostream>

#include "server/integration/api_key_request.hpp"
#include "server/integration/errors.hpp"
#include "server/integration/event_feed.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/conversation_routes.hpp"
#include "server/net/customer_routes.hpp"
#include "server/net/json_body.hpp"
#include "server/net/webhook_routes.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;
using integration::ApiScope;
using integration::KeyAdmission;

namespace {

constexpr std::string_view kAdminPath = "/api/admin/api-keys";

std::string_view bearer(const Request& req) {
  const std::string_view authorization = req[http::field::authorization];
  return authorization.starts_with("Bearer ") ? authorization.substr(7) : std::string_view{};
}

// A decimal integer in [min, max] filling `text` exactly; nullopt otherwise.
std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t min,
                                         std::int64_t max) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value < min || value > max) return std::nullopt;
  return value;
}

// The scope the endpoint needs from a key; nullopt when keys do not open it.
std::optional<ApiScope> scope_for(http::verb method, std::string_view path) {
  if (is_webhook_path(path)) return ApiScope::webhooks_manage;
  if (method == http::verb::post) {
    if (path == "/api/tickets") return ApiScope::tickets_write;
    return std::nullopt;
  }
  if (method != http::verb::get) return std::nullopt;
  if (path == "/api/events") return ApiScope::events_read;
  if (path == "/api/reports") return ApiScope::reports_read;
  if (path == "/api/customers") return ApiScope::customers_read;
  if (path.starts_with("/api/customers/") &&
      whole_number(path.substr(15), 1, INT64_MAX).has_value()) {
    return ApiScope::customers_read;
  }
  if (path.starts_with("/api/conversations/") && path.ends_with("/messages")) {
    return ApiScope::conversations_read;
  }
  return std::nullopt;
}

// GET /api/events?after=ID&limit=N: one page of the interaction log (integration::EventFeed).
void serve_events(Request&& req, ServerState& state, Reply reply) {
  std::int64_t after = 0;
  std::int64_t limit = 100;
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) {
    reply(error_response(req, 400, "bad_request", "malformed query"));
    return;
  }
  for (const auto& param : url->params()) {
    std::optional<std::int64_t> value;
    if (param.key == "after") {
      value = whole_number(param.value, 0, INT64_MAX);
      if (value) after = *value;
    } else if (param.key == "limit") {
      value = whole_number(param.value, 1, integration::kMaxEventsPerPage);
      if (value) limit = *value;
    }
    if (!value) {
      reply(error_response(req, 400, "bad_request",
                           "give after (an event id >= 0) and limit (1..500), nothing else"));
      return;
    }
  }
  asio::post(state.back_office_strand(), [&state, req = std::move(req), reply, after, limit] {
    try {
      auto page = state.back_office().guarded([&](BackOffice& office) {
        return integration::read_event_page(office.sql(), after, limit);
      });
      reply(json_response(req, 200, json::serialize(page)));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: /api/events: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

json::object key_json(const integration::ApiKeyRecord& r) {
  json::array scopes;
  for (ApiScope scope : r.scopes) scopes.emplace_back(integration::to_string(scope));
  auto optional = [](const std::optional<std::int64_t>& v) -> json::value {
    if (v) return *v;
    return nullptr;
  };
  return json::object{{"id", r.id},
                      {"name", r.name},
                      {"prefix", r.prefix},
                      {"scopes", std::move(scopes)},
                      {"rate_per_minute", r.rate_per_minute},
                      {"created_by", r.created_by},
                      {"created_at", r.created_at},
                      {"last_used_at", optional(r.last_used_at)},
                      {"revoked_at", optional(r.revoked_at)}};
}

// An admin's change to the keys, for the interaction log (ids only).
void log_key_event(ServerState& state, const char* type, std::int64_t admin, std::int64_t key_id,
                   std::int64_t now) {
  Event e;
  e.at = now;
  e.type = type;
  e.agent_id = admin;
  e.data = json::serialize(json::object{{"api_key_id", key_id}});
  state.log_event(std::move(e));
}

// Runs `work` (which returns the response) on the back office's strand: the key table's writes
// wait there, never on a socket's thread, for the store's writer.
template <typename Work>
void off_the_socket(ServerState& state, Request&& req, Reply reply, Work work) {
  asio::post(state.back_office_strand(),
             [req = std::move(req), reply = std::move(reply), work = std::move(work)] {
               try {
                 reply(work(req));
               } catch (const std::exception& failure) {
                 std::cerr << "kefu: " << req.target() << ": " << failure.what() << "\n";
                 reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
               }
             });
}

void serve_admitted(Request&& req, ServerState& state, Reply reply, ApiScope needed,
                    const KeyAdmission& admission) {
  switch (admission.verdict) {
    case KeyAdmission::Verdict::unknown: {
      auto res = error_response(req, 401, "invalid_api_key", "unknown or revoked API key");
      res.set(http::field::www_authenticate, "Bearer realm=\"kefu-api\", error=\"invalid_token\"");
      reply(std::move(res));
      return;
    }
    case KeyAdmission::Verdict::over_rate: {
      auto res =
          error_response(req, 429, "rate_limited", "this key's requests per minute are used up");
      res.set(http::field::retry_after, std::to_string(admission.retry_after_s));
      reply(std::move(res));
      return;
    }
    case KeyAdmission::Verdict::unavailable:
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
      return;
    case KeyAdmission::Verdict::insufficient_scope: {
      const std::string scope(integration::to_string(needed));
      auto res = error_response(req, 403, "insufficient_scope", "this key lacks " + scope);
      res.set(http::field::www_authenticate,
              "Bearer realm=\"kefu-api\", error=\"insufficient_scope\", scope=\"" + scope + "\"");
      reply(std::move(res));
      return;
    }
    case KeyAdmission::Verdict::admitted:
      break;
  }
  switch (needed) {
    case ApiScope::events_read:
      serve_events(std::move(req), state, std::move(reply));
      break;
    case ApiScope::reports_read:
      serve_report(std::move(req), state, std::move(reply));
      break;
    case ApiScope::customers_read:
      if (!serve_customer_read(req, state, reply))
        reply(error_response(req, 404, "not_found", "no such endpoint"));
      break;
    case ApiScope::conversations_read:
      serve_transcript(req, state, reply);
      break;
    case ApiScope::tickets_write:
      serve_ticket(std::move(req), state, std::move(reply), std::nullopt);
      break;
    case ApiScope::orders_write:
      reply(error_response(req, 403, "not_for_api_keys", "orders come signed"));
      break;
    case ApiScope::webhooks_manage:
      serve_webhooks(std::move(req), state, std::move(reply), 0);
      break;
  }
}

}  // namespace

bool presents_api_key(const Request& req) {
  return integration::ApiKeys::looks_like_key(bearer(req));
}

void handle_keyed_api(Request&& req, ServerState& state, Reply reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (!session_cookie(req).empty()) {
    reply(error_response(req, 400, "ambiguous_credentials",
                         "send either an API key or a staff session, not both"));
    return;
  }
  const auto needed = scope_for(req.method(), path);
  if (!needed) {
    reply(error_response(req, 403, "not_for_api_keys", "API keys do not open this endpoint"));
    return;
  }
  std::string key(bearer(req));
  state.api_keys().admit_then(std::move(key), *needed, state.clock().now_ms(),
                              [req = std::move(req), &state, reply = std::move(reply),
                               needed = *needed](const KeyAdmission& admission) mutable {
                                serve_admitted(std::move(req), state, std::move(reply), needed,
                                               admission);
                              });
}

bool handle_api_key_admin(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (path != kAdminPath && !path.starts_with(std::string(kAdminPath) + "/")) return false;
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return true;
  }
  if (staff->user.role != store::Role::admin) {
    reply(error_response(req, 403, "forbidden", "only admins manage API keys"));
    return true;
  }
  const std::int64_t admin = staff->user.id;
  const std::int64_t now = state.clock().now_ms();
  const auto method = req.method();
  if (path == kAdminPath && method == http::verb::get) {
    off_the_socket(state, std::move(req), std::move(reply), [&state](const Request& r) {
      json::array keys;
      for (const auto& key : state.api_keys().list()) keys.push_back(key_json(key));
      return json_response(r, 200, json::serialize(json::object{{"api_keys", std::move(keys)}}));
    });
  } else if (path == kAdminPath && method == http::verb::post) {
    const auto body = json_object_body(req);
    if (!body) {
      reply(error_response(req, 400, "bad_request", "the body must be a JSON object"));
      return true;
    }
    integration::NewApiKey wanted;
    try {
      wanted = integration::read_new_api_key(*body, admin);
    } catch (const integration::InvalidApiKeyRequest& refused) {
      reply(error_response(req, 400, refused.code(), refused.what()));
      return true;
    }
    off_the_socket(state, std::move(req), std::move(reply),
                   [&state, wanted, admin, now](const Request& r) {
                     const auto issued = state.api_keys().create(wanted, now);
                     log_key_event(state, "api_key_created", admin, issued.record.id, now);
                     json::object answer = key_json(issued.record);
                     answer["key"] = issued.key;
                     return json_response(r, 201, json::serialize(answer));
                   });
  } else if (path != kAdminPath && method == http::verb::delete_) {
    const auto id =
        whole_number(std::string_view(path).substr(kAdminPath.size() + 1), 1, INT64_MAX);
    if (!id) {
      reply(error_response(req, 404, "not_found", "no such API key"));
      return true;
    }
    off_the_socket(
        state, std::move(req), std::move(reply), [&state, id = *id, admin, now](const Request& r) {
          const auto before = state.api_keys().find(id);
          if (!before) return error_response(r, 404, "not_found", "no such API key");
          state.api_keys().revoke(id, now);
          if (!before->revoked_at) log_key_event(state, "api_key_revoked", admin, id, now);
          return json_response(r, 200, json::serialize(key_json(*state.api_keys().find(id))));
        });
  } else {
    reply(error_response(req, 405, "method_not_allowed",
                         "GET or POST /api/admin/api-keys, DELETE /api/admin/api-keys/{id}"));
  }
  return true;
}

}  // namespace kefu::net
