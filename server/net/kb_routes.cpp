#include "server/net/kb_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <iostream>

#include "server/net/api_routes.hpp"
#include "server/net/kb_article_routes.hpp"
#include "server/net/kb_synonym_routes.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::size_t kMaxQueryBytes = 500;

std::optional<CustomerParty> visitor(const Request& req, ServerState& state) {
  const std::string authorization(req[http::field::authorization]);
  if (authorization.rfind("Bearer ", 0) != 0) return std::nullopt;
  return state.customer_for_token(authorization.substr(7));
}

std::optional<json::object> body_object(const Request& req) {
  json::error_code ec;
  auto v = json::parse(req.body(), ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::optional<std::int64_t> id_field(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_int64() || v->as_int64() <= 0) return std::nullopt;
  return v->as_int64();
}

}  // namespace

bool handle_kb_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (handle_kb_article_api(req, state, reply)) return true;
  if (handle_kb_synonym_api(req, state, reply)) return true;
  if (path != "/api/kb/search" && path != "/api/kb/feedback" && path != "/api/kb/used")
    return false;
  Event e;
  e.at = state.clock().now_ms();
  if (path == "/api/kb/used") {
    auto staff = state.staff_for_session(session_cookie(req));
    auto body = body_object(req);
    std::optional<std::int64_t> conversation, article;
    if (body) {
      conversation = id_field(*body, "conversation_id");
      article = id_field(*body, "article_id");
    }
    if (!staff) {
      reply(error_response(req, 401, "unauthorized", "log in first"));
    } else if (req.method() != http::verb::post || !conversation || !article) {
      reply(
          error_response(req, 400, "bad_request", "POST {\"conversation_id\":N,\"article_id\":N}"));
    } else {
      e.type = "kb_article_used";
      e.conversation_id = *conversation;
      e.agent_id = staff->user.id;
      e.data = json::serialize(json::object{{"article_id", *article}});
      state.log_event(std::move(e));
      reply(json_response(req, 204, ""));
    }
    return true;
  }
  auto customer = visitor(req, state);
  if (!customer) {
    reply(error_response(req, 401, "unauthorized", "send the visitor token"));
    return true;
  }
  if (path == "/api/kb/feedback") {
    auto body = body_object(req);
    std::optional<std::int64_t> article;
    const json::value* helped = nullptr;
    if (body) {
      article = id_field(*body, "article_id");
      helped = body->if_contains("helped");
    }
    if (req.method() != http::verb::post || !article || helped == nullptr || !helped->is_bool()) {
      reply(error_response(req, 400, "bad_request", "POST {\"article_id\":N,\"helped\":bool}"));
      return true;
    }
    e.type = helped->as_bool() ? "kb_deflected" : "kb_not_helpful";
    e.customer_id = customer->customer_id;
    e.data = json::serialize(json::object{{"article_id", *article}});
    state.log_event(std::move(e));
    auto res = json_response(req, 204, "");
    allow_cross_origin(req, state, res);
    reply(std::move(res));
    return true;
  }
  // /api/kb/search
  std::string query;
  if (auto url = boost::urls::parse_origin_form(target)) {
    auto params = url->params();
    if (auto it = params.find("q"); it != params.end()) query = std::string((*it).value);
  }
  if (req.method() != http::verb::get || query.empty() || query.size() > kMaxQueryBytes) {
    reply(error_response(req, 400, "bad_request", "GET with ?q= (1 to 500 bytes)"));
    return true;
  }
  if (!state.kb_search_allowed(customer->visitor_id)) {
    auto res = error_response(req, 429, "rate_limited", "too many searches; slow down");
    res.set(http::field::retry_after, "1");
    allow_cross_origin(req, state, res);
    reply(std::move(res));
    return true;
  }
  asio::post(state.back_office_strand(), [&state, req, reply, query, customer] {
    boost::json::object found;
    try {
      found =
          state.back_office().guarded([&](BackOffice& office) { return office.kb_search(query); });
    } catch (const std::exception& failure) {
      std::cerr << "kefu: kb search: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "search failed; retry"));
      return;
    }
    if (found.contains("answer")) {
      Event shown;
      shown.at = state.clock().now_ms();
      shown.type = "bot_answer_shown";
      shown.customer_id = customer->customer_id;
      shown.data = json::serialize(json::object{{"article_id", found.at("answer").at("id")}});
      state.log_event(std::move(shown));
    }
    auto res = json_response(req, 200, json::serialize(found));
    allow_cross_origin(req, state, res);
    reply(std::move(res));
  });
  return true;
}

}  // namespace kefu::net
