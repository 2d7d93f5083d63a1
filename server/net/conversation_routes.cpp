#include "server/net/conversation_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <iostream>
#include <optional>

#include "server/net/api_routes.hpp"
#include "server/workspace/errors.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kPrefix = "/api/conversations/";

// A decimal integer in [min, max] filling `text` exactly; nullopt otherwise.
std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t min,
                                         std::int64_t max) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  if (value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace

bool handle_conversation_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (path.rfind(kPrefix, 0) != 0) return false;
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return true;
  }
  serve_transcript(req, state, reply);
  return true;
}

void serve_transcript(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  const std::string rest = path.substr(kPrefix.size());
  const auto slash = rest.find('/');
  if (slash == std::string::npos || rest.substr(slash) != "/messages") {
    reply(error_response(req, 404, "not_found", "no such endpoint"));
    return;
  }
  if (req.method() != http::verb::get) {
    reply(error_response(req, 405, "method_not_allowed", "GET"));
    return;
  }
  const auto id = whole_number(std::string_view(rest).substr(0, slash), 1, INT64_MAX);
  if (!id) {
    reply(error_response(req, 404, "not_found", "no such conversation"));
    return;
  }
  std::int64_t after = 0;
  std::int64_t limit = 200;
  auto url = boost::urls::parse_origin_form(target);
  if (!url) {
    reply(error_response(req, 400, "bad_request", "malformed query"));
    return;
  }
  for (const auto& param : url->params()) {
    if (param.key == "after") {
      auto value = whole_number(param.value, 0, INT64_MAX);
      if (!value) {
        reply(error_response(req, 400, "bad_request", "after: a seq >= 0"));
        return;
      }
      after = *value;
    } else if (param.key == "limit") {
      auto value = whole_number(param.value, 1, 500);
      if (!value) {
        reply(error_response(req, 400, "bad_request", "limit: 1..500"));
        return;
      }
      limit = *value;
    } else {
      reply(error_response(req, 400, "bad_request", "unknown parameter " + param.key));
      return;
    }
  }
  asio::post(state.back_office_strand(), [&state, req = std::move(req), reply = std::move(reply),
                                          id = *id, after, limit]() mutable {
    try {
      auto page = state.back_office().guarded([&](BackOffice& office) {
        return office.transcript(id, after, static_cast<int>(limit));
      });
      reply(json_response(req, 200, json::serialize(page)));
    } catch (const workspace::ConversationNotFound& missing) {
      reply(error_response(req, 404, "not_found", missing.what()));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: " << req.target() << ": " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

}  // namespace kefu::net
