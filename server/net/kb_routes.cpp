#include "server/net/kb_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <iostream>

#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"
#include "server/net/kb_article_routes.hpp"
#include "server/net/kb_learned_routes.hpp"
#include "server/net/kb_learning.hpp"
#include "server/net/kb_reading_route.hpp"
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

std::optional<std::int64_t> id_field(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_int64() || v->as_int64() <= 0) return std::nullopt;
  return v->as_int64();
}

// On the back office strand: true when article `id` exists; otherwise answers 404 (or 503
// when the knowledge base cannot be read) and returns false.
bool article_exists(ServerState& state, std::int64_t id, const Request& req, const Reply& reply) {
  bool exists = false;
  try {
    exists = state.back_office().guarded(
        [&](BackOffice& office) { return office.knowledge_base().get(id).has_value(); });
  } catch (const std::exception& failure) {
    std::cerr << "kefu: kb article " << id << ": " << failure.what() << "\n";
    reply(error_response(req, 503, "unavailable", "the knowledge base could not be read; retry"));
    return false;
  }
  if (!exists) {
    auto res = error_response(req, 404, "not_found", "no such article");
    allow_cross_origin(req, state, res);
    reply(std::move(res));
  }
  return exists;
}

// POST /api/kb/used: only the conversation's agent (or a supervisor or admin) logs that an
// existing article went into a reply, and the customer's last message becomes evidence for it
// (learned questions); anything else is refused and logs and learns nothing.
void article_used(const Request& req, ServerState& state, const Reply& reply,
                  const StaffParty& staff, std::int64_t conversation_id, std::int64_t article) {
  const auto conversation = state.store().find_conversation(conversation_id);
  if (!conversation) {
    reply(error_response(req, 404, "not_found", "no such conversation"));
    return;
  }
  const std::int64_t me = staff.user.id;
  const bool own = conversation->agent_id == me || conversation->last_agent_id == me;
  if (!own && staff.user.role == store::Role::agent) {
    reply(error_response(req, 403, "forbidden", "not your conversation"));
    return;
  }
  std::string question = last_customer_question(state.store(), *conversation);
  asio::post(state.back_office_strand(), [&state, req, reply, conversation_id, article, me,
                                          question = std::move(question)] {
    if (!article_exists(state, article, req, reply)) return;
    try {
      learn_question(state, article, question, kb::EvidenceSource::kAgent,
                     evidence_from("agent", me));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: kb learn: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the knowledge base could not be written"));
      return;
    }
    Event e;
    e.at = state.clock().now_ms();
    e.type = "kb_article_used";
    e.conversation_id = conversation_id;
    e.agent_id = me;
    e.data = json::serialize(json::object{{"article_id", article}});
    state.log_event(std::move(e));
    reply(json_response(req, 204, ""));
  });
}

// On the back office strand: POST /api/kb/feedback counts for an existing article that the
// visitor's own search showed them, within the visitor's budget; else nothing is logged. A
// "helped" makes the question of that search evidence for the article (once per customer).
void feedback(const Request& req, ServerState& state, const Reply& reply, const Event& e,
              std::int64_t article, const std::string& visitor_id) {
  if (!article_exists(state, article, req, reply)) return;
  auto refuse = [&](unsigned status, const char* code, const char* message, std::int64_t wait) {
    auto res = error_response(req, status, code, message);
    if (wait > 0) res.set(http::field::retry_after, std::to_string((wait + 999) / 1000));
    allow_cross_origin(req, state, res);
    reply(std::move(res));
  };
  if (!state.shown_articles().was_shown(visitor_id, article, e.at)) {
    refuse(403, "not_shown", "feedback is for an article your own search showed you", 0);
    return;
  }
  const auto wait = state.limits().kb_feedback.take(std::to_string(*e.customer_id), e.at);
  if (wait > 0) {
    refuse(429, "rate_limited", "too much feedback; retry later", wait);
    return;
  }
  if (e.type == "kb_deflected") {
    try {
      learn_question(state, article, state.shown_articles().question_for(visitor_id, article, e.at),
                     kb::EvidenceSource::kCustomer, evidence_from("customer", *e.customer_id));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: kb learn: " << failure.what() << "\n";
      refuse(503, "unavailable", "the knowledge base could not be written; retry", 0);
      return;
    }
  }
  state.kb_trail().verdict(*e.customer_id, article, e.type == "kb_deflected", e.at);
  state.log_event(e);
  auto res = json_response(req, 204, "");
  allow_cross_origin(req, state, res);
  reply(std::move(res));
}

}  // namespace

bool handle_kb_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (handle_kb_learned_api(req, state, reply)) return true;
  if (handle_kb_article_api(req, state, reply)) return true;
  if (handle_kb_synonym_api(req, state, reply)) return true;
  if (handle_kb_reading(req, state, reply)) return true;
  if (path != "/api/kb/search" && path != "/api/kb/feedback" && path != "/api/kb/used")
    return false;
  Event e;
  e.at = state.clock().now_ms();
  if (path == "/api/kb/used") {
    auto staff = state.staff_for_session(session_cookie(req));
    auto body = json_object_body(req);
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
      article_used(req, state, reply, *staff, *conversation, *article);
    }
    return true;
  }
  auto customer = visitor(req, state);
  if (!customer) {
    reply(error_response(req, 401, "unauthorized", "send the visitor token"));
    return true;
  }
  if (path == "/api/kb/feedback") {
    auto body = json_object_body(req);
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
    asio::post(state.back_office_strand(), [&state, req, reply, e = std::move(e),
                                            article = *article, visitor_id = customer->visitor_id] {
      feedback(req, state, reply, e, article, visitor_id);
    });
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
    std::vector<std::int64_t> shown;
    if (const auto* list = found.if_contains("articles"); list && list->is_array()) {
      for (const auto& a : list->as_array()) shown.push_back(a.at("id").to_number<std::int64_t>());
    }
    if (found.contains("answer")) {
      shown.push_back(found.at("answer").at("id").to_number<std::int64_t>());
    }
    state.shown_articles().remember(customer->visitor_id, shown, state.clock().now_ms(), query);
    if (found.contains("answer")) {
      Event shown;
      shown.at = state.clock().now_ms();
      shown.type = "bot_answer_shown";
      shown.customer_id = customer->customer_id;
      shown.data = json::serialize(json::object{{"article_id", found.at("answer").at("id")}});
      const auto& answer = found.at("answer").as_object();
      state.kb_trail().answer_shown(customer->customer_id,
                                    answer.at("id").to_number<std::int64_t>(),
                                    std::string(answer.at("title").as_string()), shown.at);
      state.log_event(std::move(shown));
    }
    auto res = json_response(req, 200, json::serialize(found));
    allow_cross_origin(req, state, res);
    reply(std::move(res));
  });
  return true;
}

}  // namespace kefu::net
