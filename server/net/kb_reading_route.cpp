#include "server/net/kb_reading_route.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <iostream>

#include "server/net/api_routes.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

// The positive whole number in `?article_id=`, if that is what the target holds.
std::optional<std::int64_t> article_id_of(const std::string& target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  auto params = url->params();
  auto it = params.find("article_id");
  if (it == params.end()) return std::nullopt;
  const std::string text = (*it).value;
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

void answer(const Request& req, ServerState& state, const Reply& reply, unsigned status,
            const char* code, const char* message) {
  auto res = error_response(req, status, code, message);
  allow_cross_origin(req, state, res);
  reply(std::move(res));
}

}  // namespace

bool handle_kb_reading(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  if (target.substr(0, target.find('?')) != "/api/kb/read") return false;
  const std::string authorization(req[http::field::authorization]);
  const auto customer = authorization.rfind("Bearer ", 0) == 0
                            ? state.customer_for_token(authorization.substr(7))
                            : std::nullopt;
  if (!customer) {
    answer(req, state, reply, 401, "unauthorized", "send the visitor token");
    return true;
  }
  const auto article = article_id_of(target);
  if (req.method() != http::verb::get || !article) {
    answer(req, state, reply, 400, "bad_request", "GET with ?article_id=N");
    return true;
  }
  if (!state.shown_articles().was_shown(customer->visitor_id, *article, state.clock().now_ms())) {
    answer(req, state, reply, 403, "not_shown", "open an article your own search showed you");
    return true;
  }
  asio::post(state.back_office_strand(), [&state, req, reply, id = *article] {
    std::optional<kb::Article> found;
    try {
      found = state.back_office().guarded(
          [&](BackOffice& office) { return office.knowledge_base().get(id); });
    } catch (const std::exception& failure) {
      std::cerr << "kefu: kb read " << id << ": " << failure.what() << "\n";
      answer(req, state, reply, 503, "unavailable", "the knowledge base could not be read; retry");
      return;
    }
    if (!found || found->status != kb::ArticleStatus::kPublished) {
      answer(req, state, reply, 404, "not_found", "no such article");
      return;
    }
    auto res = json_response(req, 200,
                             json::serialize(json::object{{"id", found->id},
                                                          {"title", found->title},
                                                          {"body", found->body},
                                                          {"locale", found->locale}}));
    allow_cross_origin(req, state, res);
    reply(std::move(res));
  });
  return true;
}

}  // namespace kefu::net
