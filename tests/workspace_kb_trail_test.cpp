#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "server/net/kb_trail.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// What the customer already tried (issue 20, "Knowledge in the conversation"): the agent's
// suggestions carry the automatic answers the customer saw and whether they helped, and an
// article the customer said did not help is not suggested first again.

using namespace kefu::testing;
namespace json = boost::json;
using kefu::net::KbTrail;

TEST_CASE("the KB trail keeps a customer's automatic answers and verdicts for an hour",
          "[unit][workspace][kb]") {
  KbTrail trail(2, 1000);
  trail.answer_shown(1, 7, "Returns", 100);
  trail.verdict(1, 7, false, 150);
  trail.verdict(1, 8, true, 160);  // never shown: ignored
  trail.answer_shown(2, 9, "Other customer", 170);
  auto tried = trail.tried(1, 200);
  REQUIRE(tried.size() == 1);
  CHECK(tried[0].article == 7);
  CHECK(tried[0].title == "Returns");
  CHECK(tried[0].helped == false);
  // Shown again later: the verdict stays, and the oldest goes past the limit of two.
  trail.answer_shown(1, 8, "Refunds", 300);
  trail.answer_shown(1, 7, "Returns", 400);
  trail.answer_shown(1, 6, "Shipping", 500);
  tried = trail.tried(1, 500);
  REQUIRE(tried.size() == 2);
  CHECK(tried[0].article == 7);
  CHECK(tried[0].helped == false);
  CHECK(tried[1].article == 6);
  CHECK_FALSE(tried[1].helped.has_value());
  CHECK(trail.tried(1, 1501).empty());
  CHECK(trail.tried(3, 500).empty());
}

TEST_CASE("a rejected article goes last in the suggestions frame and is never confident",
          "[unit][workspace][kb]") {
  const json::array articles{
      json::object{{"id", 7}, {"title", "Returns"}, {"score", 9.0}, {"confident", true}},
      json::object{{"id", 8}, {"title", "Refunds"}, {"score", 5.0}, {"confident", false}},
      json::object{{"id", 9}, {"title", "Shipping"}, {"score", 2.0}, {"confident", false}}};
  const auto frame = kefu::net::suggestions_frame(
      42, articles, {KbTrail::Tried{7, "Returns", 100, false}, KbTrail::Tried{9, "x", 90, true}});
  REQUIRE(frame);
  CHECK(frame->at("type") == "suggestions");
  CHECK(frame->at("conversation_id") == 42);
  const auto& order = frame->at("articles").as_array();
  REQUIRE(order.size() == 3);
  CHECK(order[0].at("id") == 8);
  CHECK(order[1].at("id") == 9);
  CHECK(order[2].at("id") == 7);
  CHECK(order[2].at("rejected") == true);
  CHECK(order[2].at("confident") == false);
  CHECK_FALSE(order[0].as_object().contains("rejected"));
  const auto& tried = frame->at("tried").as_array();
  REQUIRE(tried.size() == 2);
  CHECK(tried[0].at("helped") == false);
  CHECK(tried[1].at("helped") == true);
  CHECK_FALSE(kefu::net::suggestions_frame(42, json::array{}, {}).has_value());
  CHECK(kefu::net::suggestions_frame(42, json::array{}, {KbTrail::Tried{7, "R", 1, {}}})
            ->at("tried")
            .at(0)
            .at("helped")
            .is_null());
}

TEST_CASE("the agent sees the automatic answer the customer said did not help, not first",
          "[integration][workspace][kb]") {
  TestServer server;
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  agent->next_of_type("welcome");
  const auto token = new_visitor(server.port());
  const auto auth = std::map<std::string, std::string>{{"Authorization", "Bearer " + token}};
  // 我没收到货: the seeded knowledge base answers it on its own.
  const auto found =
      http_request(server.port(), "GET",
                   "/api/kb/search?q=%E6%88%91%E6%B2%A1%E6%94%B6%E5%88%B0%E8%B4%A7", "", auth);
  REQUIRE(found.status == 200);
  const auto answer = json::parse(found.body).at("answer");
  const auto answer_id = answer.at("id").as_int64();

  // Feedback on an article this visitor was not shown changes nothing in the trail.
  auto other = http_request(
      server.port(), "POST", "/api/kb/feedback", R"({"article_id":999999,"helped":false})",
      {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  CHECK(other.status == 404);
  auto rejected =
      http_request(server.port(), "POST", "/api/kb/feedback",
                   json::serialize(json::object{{"article_id", answer_id}, {"helped", false}}),
                   {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  REQUIRE(rejected.status == 204);

  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"我没收到货"})");
  const auto suggestions = agent->next_of_type("suggestions", 8000);
  const auto& tried = suggestions.at("tried").as_array();
  REQUIRE(tried.size() == 1);
  CHECK(tried[0].at("id").as_int64() == answer_id);
  CHECK(tried[0].at("title") == answer.at("title"));
  CHECK(tried[0].at("helped") == false);
  const auto& articles = suggestions.at("articles").as_array();
  REQUIRE_FALSE(articles.empty());
  CHECK(articles.at(0).at("id").as_int64() != answer_id);
  for (const auto& a : articles) {
    if (a.at("id").as_int64() == answer_id) {
      CHECK(a.at("rejected") == true);
      CHECK(a.at("confident") == false);
    }
  }
}
