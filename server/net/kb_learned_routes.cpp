#include "server/net/kb_learned_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "server/net/api_routes.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kPrefix = "/api/kb/articles/";
constexpr std::string_view kLearned = "/learned";

struct NotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What a target names: the article, and the learned question when one is named.
struct Target {
  std::int64_t article = 0;
  std::optional<std::int64_t> learned;
};

std::optional<std::int64_t> positive(std::string_view digits) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
  return id;
}

// {prefix}{id}/learned or {prefix}{id}/learned/{learned_id}; nullopt for any other path.
// An id that is not a positive number names nothing: NotFound.
std::optional<Target> parse(std::string_view path) {
  if (!path.starts_with(kPrefix)) return std::nullopt;
  path.remove_prefix(kPrefix.size());
  const std::size_t slash = path.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view rest = path.substr(slash);
  if (!rest.starts_with(kLearned)) return std::nullopt;
  rest.remove_prefix(kLearned.size());
  if (!rest.empty() && rest.front() != '/') return std::nullopt;
  Target t;
  const auto article = positive(path.substr(0, slash));
  if (!article) throw NotFound("no such article");
  t.article = *article;
  if (rest.size() > 1) {
    t.learned = positive(rest.substr(1));
    if (!t.learned) throw NotFound("no such learned question");
  }
  return t;
}

json::object learned_json(const kb::LearnedQuestion& l) {
  return {{"id", l.id},
          {"question", l.question},
          {"source", l.source == kb::EvidenceSource::kAgent ? "agent" : "customer"},
          {"weight", l.weight},
          {"created_at", l.created_at},
          {"last_seen_at", l.last_seen_at}};
}

}  // namespace

bool handle_kb_learned_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  std::optional<Target> named;
  try {
    named = parse(path);
    if (!named) return false;
  } catch (const NotFound&) {
    named = Target{};  // answered below, after the caller's rights are checked
  }
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return true;
  }
  if (staff->user.role != store::Role::admin) {
    reply(error_response(req, 403, "forbidden", "only admins edit the knowledge base"));
    return true;
  }
  if (named->article == 0) {
    reply(error_response(req, 404, "not_found", "no such article or learned question"));
    return true;
  }
  const bool one = named->learned.has_value();
  if (req.method() != (one ? http::verb::delete_ : http::verb::get)) {
    reply(error_response(req, 405, "method_not_allowed", one ? "DELETE" : "GET"));
    return true;
  }
  asio::post(state.back_office_strand(), [&state, req, reply, t = *named] {
    try {
      reply(state.back_office().guarded([&](BackOffice& office) {
        kb::KnowledgeBase& kb = office.knowledge_base();
        if (!kb.get(t.article)) throw NotFound("no such article");
        if (t.learned) {
          if (!kb.remove_learned_question(t.article, *t.learned)) {
            throw NotFound("no such learned question");
          }
          return json_response(req, 204, "");
        }
        json::array list;
        for (const auto& l : kb.learned_questions(t.article, state.clock().now_ms())) {
          list.push_back(learned_json(l));
        }
        return json_response(req, 200, json::serialize(json::object{{"learned", list}}));
      }));
    } catch (const NotFound& missing) {
      reply(error_response(req, 404, "not_found", missing.what()));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: " << req.target() << ": " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the knowledge base is busy; retry"));
    }
  });
  return true;
}

}  // namespace kefu::net
