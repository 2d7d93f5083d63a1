
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The CSAT survey at resolution, the automatic quality score and supervisor reviews through
// the real server (docs/protocol.md "CSAT survey" and "Quality").

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t count(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

std::string text_of(const TestServer& server, const std::string& sql) {
  return stored_text(server, sql);
}

// Waits up to `ms` for `condition` (the back office works on its own strand).
bool eventually(const std::function<bool()>& condition, int ms = 5000) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

json::object rate(const std::string& client_id, std::int64_t conversation, json::value rating,
                  const std::string& comment = "") {
  return json::object{{"type", "rate"},
                      {"client_id", client_id},
                      {"conversation_id", conversation},
                      {"rating", rating},
                      {"comment", comment}};
}

std::string cookie_of(const TestServer& server, const std::string& login) {
  return log_in(server.port(), login, login + "-demo-pass");
}

std::map<std::string, std::string> with_cookie(const std::string& cookie) {
  return {{"Cookie", "kefu_session=" + cookie}};
}

std::int64_t user_id(const TestServer& server, const std::string& login) {
  return count_rows(server, "SELECT id FROM users WHERE login = '" + login + "'");
}

// Alice online, a customer whose chat she has answered ("Hello ...") and resolved.
struct ResolvedChat {
  std::unique_ptr<WsClient> agent;
  std::unique_ptr<WsClient> customer;
  std::string token;
  std::int64_t id = 0;
};

ResolvedChat resolved_chat(TestServer& server, bool resolve = true) {
  ResolvedChat c;
  c.agent = WsClient::staff(server.port(), server.origin(), cookie_of(server, "alice"));
  c.agent->next_of_type("welcome");
  c.token = new_visitor(server.port());
  c.customer = WsClient::customer(server.port(), server.origin(), c.token);
  c.customer->next_of_type("welcome");
  c.customer->send_json(message_frame("c-1", "My parcel is late"));
  c.id = number_at(c.customer->next_of_type("ack"), "conversation_id");
  c.agent->next_of_type("conversation");
  c.agent->send_json(message_frame("a-1", "Hello! It ships today. Have a nice day.", c.id));
  c.agent->next_of_type("ack");
  c.customer->next_of_type("message");
  if (resolve) {
    c.agent->send_json(
        json::object{{"type", "resolve"}, {"client_id", "r-1"}, {"conversation_id", c.id}});
    REQUIRE(text_at(c.agent->next_of_type("ack"), "ref") == "r-1");
  }
  return c;
}

// The stored automatic score's breakdown item `name` ("earned" as a number, -1 for null).
double earned(const TestServer& server, std::int64_t conversation, const std::string& name) {
  auto breakdown = json::parse(
      text_of(server, "SELECT breakdown FROM kpi_quality_scores WHERE conversation_id = " +
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

bool scored(const TestServer& server, std::int64_t conversation) {
  return count(server, "SELECT COUNT(*) FROM kpi_quality_scores WHERE conversation_id = " +
                           std::to_string(conversation)) == 1;
}

}  // namespace

TEST_CASE(
    "a resolution asks the customer to rate, the rating is stored, logged, scored and counted",
    "[integration][quality]") {
  TestServer server;
  auto sam = WsClient::staff(server.port(), server.origin(), cookie_of(server, "sam"));
  sam->next_of_type("welcome");
  auto chat = resolved_chat(server);
  auto request = chat.customer->next_of_type("csat_request");
  CHECK(number_at(request, "conversation_id") == chat.id);
  CHECK(request.at("agent").at("name").as_string() == "Alice Chen");

  // Scored at resolution, before any rating: greeting and closing found, no survey yet.
  REQUIRE(eventually([&] { return scored(server, chat.id); }));
  CHECK(earned(server, chat.id, "greeting") == 1);
  CHECK(earned(server, chat.id, "closing") == 1);
  CHECK(earned(server, chat.id, "resolved_without_reopen") == 1);
  CHECK(earned(server, chat.id, "csat") == -1);

  chat.customer->send_json(rate("s-1", chat.id, 5, "很好 thank you <b>"));
  auto ack = chat.customer->next_of_type("ack");
  CHECK(text_at(ack, "ref") == "s-1");
  CHECK(number_at(ack, "conversation_id") == chat.id);
  // Acknowledged only once stored: the row and its event are there at once.
  CHECK(count(server, "SELECT COUNT(*) FROM kpi_surveys WHERE rating = 5 AND conversation_id = " +
                          std::to_string(chat.id)) == 1);
  CHECK(text_of(server, "SELECT comment FROM kpi_surveys") == "很好 thank you <b>");
  CHECK(
      count(server, "SELECT COUNT(*) FROM events WHERE type = 'survey_submitted' AND agent_id = " +
                        std::to_string(user_id(server, "alice")) + " AND " +
                        json_text(server, "data", "rating") +
                        " = '5' AND conversation_id = " + std::to_string(chat.id)) == 1);
  // The comment may hold personal data: it stays out of the log.
  CHECK(count(server, "SELECT COUNT(*) FROM events WHERE data LIKE '%thank you%'") == 0);
  // Rescored with the rating.
  CHECK(eventually([&] { return earned(server, chat.id, "csat") == 1; }));

  // The live CSAT tile: 1 of 1 ratings is 4 or 5.
  bool live = false;
  for (int i = 0; i < 8 && !live; ++i) {
    auto kpi = sam->next_of_type("kpi", 3000);
    const auto& csat = kpi.at("live").at("total").at("csat");
    live = !csat.is_null() && csat.to_number<double>() == 1.0;
  }
  CHECK(live);
  // And the history report for today.
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  auto report = http_request(server.port(), "GET",
                             "/api/reports?from=" + std::to_string(now - 3'600'000) +
                                 "&to=" + std::to_string(now + 60'000),
                             "", with_cookie(cookie_of(server, "sam")));
  REQUIRE(report.status == 200);
  CHECK(json::parse(report.body).at("total").at("csat").to_number<double>() == 1.0);
}

TEST_CASE("bad ratings get a typed error and store nothing", "[integration][quality]") {
  TestServer server;
  auto chat = resolved_chat(server, false);
  auto nothing_stored = [&] {
    return count(server, "SELECT COUNT(*) FROM kpi_surveys") == 0 &&
           count(server, "SELECT COUNT(*) FROM events WHERE type = 'survey_submitted'") == 0;
  };
  auto refused = [&](const json::object& frame, const std::string& code) {
    chat.customer->send_json(frame);
    auto error = chat.customer->next_of_type("error");
    CHECK(text_at(error, "code") == code);
    CHECK(text_at(error, "ref") == std::string(frame.at("client_id").as_string()));
    CHECK(nothing_stored());
  };
  // Not resolved yet.
  refused(rate("b-1", chat.id, 4), "conflict");

  chat.agent->send_json(
      json::object{{"type", "resolve"}, {"client_id", "r-1"}, {"conversation_id", chat.id}});
  chat.customer->next_of_type("csat_request");
  refused(rate("b-2", chat.id, 0), "bad_field");
  refused(rate("b-3", chat.id, 6), "bad_field");
  refused(rate("b-4", chat.id, 4.5), "bad_field");
  refused(rate("b-5", chat.id, "5"), "bad_field");
  refused(rate("b-6", chat.id, -3), "bad_field");
  refused(rate("b-7", chat.id, 4, std::string(501, 'x')), "too_long");
  refused(rate("b-8", chat.id + 1000, 4), "not_found");
  json::object no_rating{{"type", "rate"}, {"client_id", "b-9"}, {"conversation_id", chat.id}};
  refused(no_rating, "bad_field");

  // Somebody else's conversation is "not found", whatever they send.
  auto stranger = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  stranger->next_of_type("welcome");
  stranger->send_json(rate("x-1", chat.id, 1));
  CHECK(text_at(stranger->next_of_type("error"), "code") == "not_found");
  CHECK(nothing_stored());

  // A staff socket cannot rate at all.
  chat.agent->send_json(rate("a-9", chat.id, 5));
  CHECK(text_at(chat.agent->next_of_type("error"), "code") == "unknown_type");
  CHECK(nothing_stored());

  // 500 characters of Chinese are fine (1,500 bytes).
  std::string comment;
  for (int i = 0; i < 500; ++i) comment += "好";
  chat.customer->send_json(rate("ok-1", chat.id, 2, comment));
  auto first = chat.customer->next_of_type("ack");
  CHECK(text_at(first, "ref") == "ok-1");
  // A retry with the same client_id is acknowledged again and stores nothing more.
  chat.customer->send_json(rate("ok-1", chat.id, 2, comment));
  auto again = chat.customer->next_of_type("ack");
  CHECK(number_at(again, "at") == number_at(first, "at"));
  // A second rating is refused and changes nothing.
  chat.customer->send_json(rate("ok-2", chat.id, 5));
  CHECK(text_at(chat.customer->next_of_type("error"), "code") == "already_rated");
  CHECK(count(server, "SELECT COUNT(*) FROM kpi_surveys WHERE rating = 2") == 1);
  CHECK(count(server, "SELECT COUNT(*) FROM kpi_surveys") == 1);
  CHECK(count(server, "SELECT COUNT(*) FROM events WHERE type = 'survey_submitted'") == 1);
}

TEST_CASE("a customer who reloads is asked again until they rate", "[integration][quality]") {
  TestServer server;
  auto chat = resolved_chat(server);
  chat.customer->next_of_type("csat_request");
  chat.customer.reset();
  auto back = WsClient::customer(server.port(), server.origin(), chat.token);
  back->next_of_type("welcome");
  CHECK(number_at(back->next_of_type("csat_request"), "conversation_id") == chat.id);
  auto second_tab = WsClient::customer(server.port(), server.origin(), chat.token);
  second_tab->next_of_type("csat_request");
  back->send_json(rate("s-1", chat.id, 4));
  back->next_of_type("ack");
  // The other tab hears it is done.
  CHECK(number_at(second_tab->next_of_type("csat_recorded"), "rating") == 4);
  back.reset();
  auto later = WsClient::customer(server.port(), server.origin(), chat.token);
  later->next_of_type("welcome");
  auto extra = later->quiet_for(800);
  CHECK_FALSE((extra && extra->at("type").as_string() == "csat_request"));
}

TEST_CASE("a reopen rescores the conversation", "[integration][quality]") {
  TestServer server;
  auto chat = resolved_chat(server);
  REQUIRE(eventually([&] { return scored(server, chat.id); }));
  CHECK(earned(server, chat.id, "resolved_without_reopen") == 1);
  chat.customer->send_json(message_frame("c-2", "It still has not come", chat.id));
  chat.customer->next_of_type("ack");
  CHECK(eventually([&] { return earned(server, chat.id, "resolved_without_reopen") == 0; }));
}

TEST_CASE("supervisors list scores, read transcripts, review, agents read their own reviews",
          "[integration][quality]") {
  TestServer server;
  auto chat = resolved_chat(server);
  REQUIRE(eventually([&] { return scored(server, chat.id); }));
  const auto sam = with_cookie(cookie_of(server, "sam"));
  const auto alice = with_cookie(cookie_of(server, "alice"));
  const auto bob = with_cookie(cookie_of(server, "bob"));
  const std::int64_t alice_id = user_id(server, "alice");
  const std::int64_t bob_id = user_id(server, "bob");
  const std::string id = std::to_string(chat.id);

  auto list = http_request(server.port(), "GET", "/api/quality/conversations", "", sam);
  REQUIRE(list.status == 200);
  auto rows = json::parse(list.body).at("conversations").as_array();
  REQUIRE(rows.size() == 1);
  CHECK(number_at(rows[0], "conversation_id") == chat.id);
  CHECK(number_at(rows[0], "agent_id") == alice_id);
  CHECK(text_at(rows[0], "agent_name") == "Alice Chen");
  // The customer's name and the conversation's times, for the review list.
  CHECK(text_at(rows[0], "customer_name").rfind("Visitor ", 0) == 0);
  CHECK(number_at(rows[0], "created_at") > 0);
  CHECK(number_at(rows[0], "resolved_at") >= number_at(rows[0], "created_at"));
  // Every agent for the filter, even those with nothing scored (Bob, Wang Wei), and no supervisor.
  std::vector<std::string> every_agent;
  const json::value listed = json::parse(list.body);
  for (const auto& a : listed.at("agents").as_array()) {
    every_agent.emplace_back(a.at("name").as_string());
  }
  CHECK(every_agent == std::vector<std::string>{"Alice Chen", "Bob Li", "Wang Wei"});
  CHECK(rows[0].at("items").as_array().size() == 7);
  const double automatic = rows[0].at("score").to_number<double>();
  CHECK(automatic > 0);
  CHECK(automatic <= 100);
  auto filtered = [&](const std::string& query) {
    auto r = http_request(server.port(), "GET", "/api/quality/conversations?" + query, "", sam);
    REQUIRE(r.status == 200);
    return json::parse(r.body).at("conversations").as_array().size();
  };
  CHECK(filtered("agent=" + std::to_string(alice_id)) == 1);
  CHECK(filtered("agent=" + std::to_string(bob_id)) == 0);
  CHECK(filtered("queue=general") == 1);
  CHECK(filtered("queue=tickets") == 0);
  CHECK(filtered("from=0&to=1000") == 0);
  CHECK(http_request(server.port(), "GET", "/api/quality/conversations?agent=x", "", sam).status ==
        400);
  CHECK(http_request(server.port(), "GET", "/api/quality/conversations", "", alice).status == 403);
  CHECK(http_request(server.port(), "GET", "/api/quality/conversations").status == 401);

  auto detail = http_request(server.port(), "GET", "/api/quality/conversations/" + id, "", sam);
  REQUIRE(detail.status == 200);
  auto transcript = json::parse(detail.body);
  REQUIRE(transcript.at("messages").as_array().size() == 2);
  CHECK(transcript.at("messages").at(1).at("text").as_string() ==
        "Hello! It ships today. Have a nice day.");
  CHECK(transcript.at("automatic").at("score").to_number<double>() == automatic);
  // Alice may read her own conversation; Bob may not.
  CHECK(http_request(server.port(), "GET", "/api/quality/conversations/" + id, "", alice).status ==
        200);
  CHECK(http_request(server.port(), "GET", "/api/quality/conversations/" + id, "", bob).status ==
        404);

  auto reviews_stored = [&] { return count(server, "SELECT COUNT(*) FROM kpi_reviews"); };
  auto post = [&](const std::string& body, const std::map<std::string, std::string>& who) {
    return http_request(server.port(), "POST", "/api/quality/reviews", body, who);
  };
  const std::string marks = R"({"accuracy":100,"resolution":50,"tone":100,"process":0})";
  CHECK(post(R"({"conversation_id":)" + id + R"(,"marks":)" + marks + "}", alice).status == 403);
  CHECK(post(R"({"conversation_id":)" + id + R"(,"marks":{"accuracy":100}})", sam).status == 400);
  CHECK(post(R"({"conversation_id":)" + id +
                 R"(,"marks":{"accuracy":101,"resolution":50,"tone":100,"process":0}})",
             sam)
            .status == 400);
  CHECK(post(R"({"conversation_id":)" + id +
                 R"(,"marks":{"accuracy":90,"resolution":50,"tone":100,"process":0,"speed":3}})",
             sam)
            .status == 400);
  CHECK(post(R"({"conversation_id":99999,"marks":)" + marks + "}", sam).status == 404);
  CHECK(post("not json", sam).status == 400);
  CHECK(post(R"({"conversation_id":)" + id + R"(,"marks":)" + marks + R"(,"comment":")" +
                 std::string(1001, 'x') + "\"}",
             sam)
            .status == 400);
  CHECK(reviews_stored() == 0);
  CHECK(count(server, "SELECT COUNT(*) FROM events WHERE type = 'review_submitted'") == 0);

  auto good = post(R"({"conversation_id":)" + id + R"(,"marks":)" + marks +
                       R"(,"comment":"Greet by name <i>next time</i>"})",
                   sam);
  REQUIRE(good.status == 201);
  auto review = json::parse(good.body);
  // (40×100 + 25×50 + 20×100 + 15×0) / 100
  CHECK(review.at("score").to_number<double>() == Approx(72.5));
  CHECK(number_at(review, "agent_id") == alice_id);
  CHECK(text_at(review, "reviewer_name") == "Sam Taylor");
  CHECK(
      count(server, "SELECT COUNT(*) FROM events WHERE type = 'review_submitted' AND agent_id = " +
                        std::to_string(alice_id)) == 1);

  auto mine = http_request(server.port(), "GET", "/api/quality/reviews", "", alice);
  REQUIRE(mine.status == 200);
  auto my_reviews = json::parse(mine.body).at("reviews").as_array();
  REQUIRE(my_reviews.size() == 1);
  CHECK(text_at(my_reviews[0], "comment") == "Greet by name <i>next time</i>");
  auto bobs = http_request(server.port(), "GET", "/api/quality/reviews", "", bob);
  CHECK(json::parse(bobs.body).at("reviews").as_array().empty());
  CHECK(http_request(server.port(), "GET", "/api/quality/reviews?agent=" + std::to_string(alice_id),
                     "", bob)
            .status == 403);
  CHECK(http_request(server.port(), "GET", "/api/quality/calibration?from=0&to=1", "", alice)
            .status == 403);

  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  auto calibration =
      http_request(server.port(), "GET",
                   "/api/quality/calibration?from=" + std::to_string(now - 86'400'000) +
                       "&to=" + std::to_string(now + 86'400'000),
                   "", sam);
  REQUIRE(calibration.status == 200);
  auto agents = json::parse(calibration.body).at("agents").as_array();
  REQUIRE(agents.size() == 1);
  CHECK(number_at(agents[0], "agent_id") == alice_id);
  CHECK(agents[0].at("review_mean").to_number<double>() == Approx(72.5));
  CHECK(agents[0].at("automatic_mean").to_number<double>() == Approx(automatic));
  CHECK(agents[0].at("difference").to_number<double>() == Approx(72.5 - automatic));
  CHECK(
      http_request(server.port(), "GET", "/api/quality/calibration?from=5&to=1", "", sam).status ==
      400);
}

TEST_CASE("quality settings are for admins, refused settings change nothing",
          "[integration][quality]") {
  TestServer server;
  const auto admin = with_cookie(cookie_of(server, "admin"));
  const auto sam = with_cookie(cookie_of(server, "sam"));
  auto before = http_request(server.port(), "GET", "/api/quality/settings", "", sam);
  REQUIRE(before.status == 200);
  CHECK(
      http_request(server.port(), "PUT", "/api/quality/settings", R"({"weights":{"csat":50}})", sam)
          .status == 403);
  auto bad = http_request(server.port(), "PUT", "/api/quality/settings",
                          R"({"weights":{"csat":-5}})", admin);
  CHECK(bad.status == 400);
  CHECK(json::parse(bad.body).at("error").as_string() == "bad_field");
  CHECK(http_request(server.port(), "GET", "/api/quality/settings", "", sam).body == before.body);

  auto good = http_request(server.port(), "PUT", "/api/quality/settings",
                           R"({"scorecard":[{"name":"empathy","weight":1}]})", admin);
  REQUIRE(good.status == 200);
  CHECK(json::parse(good.body).at("scorecard").at(0).at("name").as_string() == "empathy");
  // The new card is the one reviews are marked on, also after a restart.
  server.stop();
  server.start();
  auto after = http_request(server.port(), "GET", "/api/quality/settings", "", sam);
  CHECK(json::parse(after.body).at("scorecard").as_array().size() == 1);
}
