#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Side effects of the knowledge base need the same authorisation as reads
// (docs/security/limits.md): only a conversation's agent or supervising staff log that an
// existing article was used in it; a visitor gives feedback only on an existing article their
// own search showed, within a budget. A refusal logs nothing and moves no score.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t rows(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

bool eventually(const std::function<bool()>& condition, int ms = 5000) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

std::string error_of(const HttpReply& reply) {
  return std::string(json::parse(reply.body).at("error").as_string());
}

// A cookie-authenticated write, with the server's own Origin.
HttpReply staff_post(const TestServer& server, const std::string& cookie, const std::string& target,
                     const json::object& body) {
  return http_request(server.port(), "POST", target, json::serialize(body),
                      {{"Cookie", "kefu_session=" + cookie},
                       {"Content-Type", "application/json"},
                       {"Origin", server.origin()}});
}

std::int64_t published_article(const TestServer& server, const std::string& admin,
                               const std::string& title, const std::string& body) {
  const auto created = staff_post(
      server, admin, "/api/kb/articles",
      json::object{{"title", title}, {"body", body}, {"locale", "en"}, {"status", "published"}});
  REQUIRE(created.status == 201);
  return json::parse(created.body).at("id").as_int64();
}

// The article ids a visitor's search for `q` (percent-encoded) showed.
std::vector<std::int64_t> search(const TestServer& server, const std::string& token,
                                 const std::string& q) {
  const auto r = http_request(server.port(), "GET", "/api/kb/search?q=" + q, "",
                              {{"Authorization", "Bearer " + token}});
  REQUIRE(r.status == 200);
  std::vector<std::int64_t> ids;
  const json::value found = json::parse(r.body);
  for (const auto& a : found.at("articles").as_array()) {
    ids.push_back(a.at("id").as_int64());
  }
  return ids;
}

HttpReply feedback(const TestServer& server, const std::string& token, std::int64_t article,
                   bool helped) {
  return http_request(server.port(), "POST", "/api/kb/feedback",
                      json::serialize(json::object{{"article_id", article}, {"helped", helped}}),
                      {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
}

std::int64_t feedback_rows(const TestServer& server) {
  return rows(server,
              "SELECT COUNT(*) FROM events WHERE type IN ('kb_deflected', 'kb_not_helpful')");
}

// The stored automatic score's item `name` ("earned": -1 for null).
double earned(const TestServer& server, std::int64_t conversation, const std::string& name) {
  const auto breakdown = json::parse(stored_text(server,
                                                 "SELECT breakdown FROM kpi_quality_scores WHERE "
                                                 "conversation_id = " +
                                                     std::to_string(conversation)));
  for (const auto& item : breakdown.at("items").as_array()) {
    if (item.at("name").as_string() == name) {
      const auto& e = item.at("earned");
      return e.is_null() ? -1 : e.to_number<double>();
    }
  }
  FAIL("no item " << name);
  return -2;
}

}  // namespace

TEST_CASE(
    "only the conversation's agent or supervising staff log an existing article's use, "
    "refusals log nothing and leave the quality score alone",
    "[integration][limits][kb]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto article = published_article(server, admin, "Zebra blanket care",
                                         "Wash the zebra blanket cold. No tumble dryer.");
  const auto alice_cookie = log_in(server.port(), "alice", "alice-demo-pass");
  auto alice = WsClient::staff(server.port(), server.origin(), alice_cookie);
  alice->next_of_type("welcome");
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"My parcel is late"})");
  const auto chat = customer->next_of_type("ack").at("conversation_id").as_int64();
  alice->next_of_type("conversation");

  const auto bob = log_in(server.port(), "bob", "bob-demo-pass");
  const auto other_agent =
      staff_post(server, bob, "/api/kb/used",
                 json::object{{"conversation_id", chat}, {"article_id", article}});
  CHECK(other_agent.status == 403);
  CHECK(error_of(other_agent) == "forbidden");
  const auto no_conversation =
      staff_post(server, alice_cookie, "/api/kb/used",
                 json::object{{"conversation_id", 999999}, {"article_id", article}});
  CHECK(no_conversation.status == 404);
  CHECK(error_of(no_conversation) == "not_found");
  const auto no_article =
      staff_post(server, alice_cookie, "/api/kb/used",
                 json::object{{"conversation_id", chat}, {"article_id", 999999}});
  CHECK(no_article.status == 404);
  CHECK(error_of(no_article) == "not_found");

  // Resolved and scored: no article counts as used (a logged use would earn the item 1).
  alice->send(R"({"type":"message","client_id":"a1","conversation_id":)" + std::to_string(chat) +
              R"(,"text":"Hello! It ships today."})");
  alice->next_of_type("ack");
  alice->send(R"({"type":"resolve","client_id":"r1","conversation_id":)" + std::to_string(chat) +
              "}");
  alice->next_of_type("ack");
  REQUIRE(eventually([&] {
    return rows(server, "SELECT COUNT(*) FROM kpi_quality_scores WHERE conversation_id = " +
                            std::to_string(chat)) == 1;
  }));
  CHECK(earned(server, chat, "kb_answer_used") != 1);
  CHECK(rows(server, "SELECT COUNT(*) FROM events WHERE type = 'kb_article_used'") == 0);

  // The conversation's own agent and a supervisor may.
  CHECK(staff_post(server, alice_cookie, "/api/kb/used",
                   json::object{{"conversation_id", chat}, {"article_id", article}})
            .status == 204);
  const auto sam = log_in(server.port(), "sam", "sam-demo-pass");
  CHECK(staff_post(server, sam, "/api/kb/used",
                   json::object{{"conversation_id", chat}, {"article_id", article}})
            .status == 204);
  CHECK(eventually([&] {
    return rows(server, "SELECT COUNT(*) FROM events WHERE type = 'kb_article_used'") == 2;
  }));
}

TEST_CASE(
    "KB feedback counts only for an existing article the visitor's own search showed, "
    "within the visitor's budget",
    "[integration][limits][kb]") {
  TestServer server({"--kb-feedback-per-hour", "2"});
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto zebra = published_article(server, admin, "Zebra blanket care",
                                       "Wash the zebra blanket cold. No tumble dryer.");
  const auto teapot = published_article(server, admin, "Teapot descaling",
                                        "Descale the teapot with vinegar every month.");
  const auto shown_zebra = new_visitor(server.port());
  const auto shown_teapot = new_visitor(server.port());
  const auto zebra_found = search(server, shown_zebra, "zebra%20blanket");
  REQUIRE(std::find(zebra_found.begin(), zebra_found.end(), zebra) != zebra_found.end());
  const auto teapot_found = search(server, shown_teapot, "teapot%20descaling");
  REQUIRE(std::find(teapot_found.begin(), teapot_found.end(), zebra) == teapot_found.end());

  const auto not_shown = feedback(server, shown_teapot, zebra, true);
  CHECK(not_shown.status == 403);
  CHECK(error_of(not_shown) == "not_shown");
  const auto never_searched = feedback(server, new_visitor(server.port()), teapot, true);
  CHECK(never_searched.status == 403);
  const auto missing = feedback(server, shown_zebra, 999999, true);
  CHECK(missing.status == 404);
  CHECK(error_of(missing) == "not_found");

  // The visitor's own article counts, twice within the budget of 2; the third is refused.
  CHECK(feedback(server, shown_zebra, zebra, false).status == 204);
  CHECK(feedback(server, shown_zebra, zebra, true).status == 204);
  REQUIRE(eventually([&] { return feedback_rows(server) == 2; }));
  const auto over = feedback(server, shown_zebra, zebra, true);
  CHECK(over.status == 429);
  CHECK(error_of(over) == "rate_limited");
  CHECK(over.headers.count("retry-after") == 1);
  // A later event proves the refused ones were never queued behind it.
  CHECK(feedback(server, shown_teapot, teapot, true).status == 204);
  REQUIRE(eventually([&] { return feedback_rows(server) == 3; }));
  CHECK(rows(server,
             "SELECT COUNT(*) FROM events WHERE type IN ('kb_deflected', "
             "'kb_not_helpful') AND " +
                 json_text(server, "data", "article_id") + " = '" + std::to_string(zebra) + "'") ==
        2);
}
