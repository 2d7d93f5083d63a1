
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Alerts through the real `kefu serve`: a supervisor sets thresholds (PUT /api/alerts/thresholds),
// the kpi frame shows the alert and the conversations at risk, the alert is logged as an event;
// refusals change nothing.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

HttpReply put(TestServer& server, const std::string& cookie, const std::string& body,
              std::map<std::string, std::string> headers = {}) {
  if (!cookie.empty()) headers["Cookie"] = cookie;
  return http_request(server.port(), "PUT", "/api/alerts/thresholds", body, headers);
}

std::string error_of(const HttpReply& reply) {
  return std::string(json::parse(reply.body).at("error").as_string());
}

}  // namespace

TEST_CASE("a waiting-chats alert shows in the kpi frame with the chats at risk and is logged",
          "[integration]") {
  TestServer server;
  const std::string sam = "kefu_session=" + log_in(server.port(), "sam", "sam-demo-pass");
  auto set = put(server, sam, R"({"waiting":1,"oldest_wait_ms":null,"service_level":0.5})");
  REQUIRE(set.status == 200);
  CHECK(json::parse(set.body).at("waiting").as_int64() == 1);
  auto got = http_request(server.port(), "GET", "/api/alerts/thresholds", "", {{"Cookie", sam}});
  CHECK(json::parse(got.body).at("service_level").as_double() == Approx(0.5));
  CHECK(json::parse(got.body).at("breached").is_null());

  std::vector<std::unique_ptr<WsClient>> customers;
  const auto id = new_chat(server, customers, "Anyone there?");
  auto supervisor = demo_staff(server, "sam");
  json::object live;
  for (int i = 0; i < 10; ++i) {
    live = supervisor->next_of_type("kpi", 3000).at("live").as_object();
    if (!live.at("alerts").at("active").as_array().empty()) break;
  }
  const auto& active = live.at("alerts").at("active").as_array();
  REQUIRE(active.size() == 1);
  CHECK(active[0].at("alert").as_string() == "waiting");
  CHECK(active[0].at("value").as_double() == 1);
  CHECK(live.at("alerts").at("thresholds").at("waiting").as_int64() == 1);
  const auto& at_risk = live.at("at_risk").as_array();
  REQUIRE(at_risk.size() == 1);
  CHECK(at_risk[0].at("conversation_id").as_int64() == id);
  CHECK(at_risk[0].at("breach_at").as_int64() == at_risk[0].at("since").as_int64() + 20'000);

  // The threshold off: the alert clears.
  REQUIRE(put(server, sam, R"({"waiting":null})").status == 200);
  for (int i = 0; i < 10; ++i) {
    live = supervisor->next_of_type("kpi", 3000).at("live").as_object();
    if (live.at("alerts").at("active").as_array().empty()) break;
  }
  CHECK(live.at("alerts").at("active").as_array().empty());
  server.stop();
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'alert_raised' AND " +
                               json_text(server, "data", "alert") + " = 'waiting'") == 1);
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'alert_cleared'") == 1);
}

TEST_CASE("alert thresholds are refused to agents and for bad input, changing nothing",
          "[integration]") {
  TestServer server;
  const std::string sam = "kefu_session=" + log_in(server.port(), "sam", "sam-demo-pass");
  const std::string agent = "kefu_session=" + log_in(server.port(), "alice", "alice-demo-pass");
  REQUIRE(put(server, sam, R"({"waiting":5,"breached":2})").status == 200);
  auto current = [&] {
    return json::parse(
        http_request(server.port(), "GET", "/api/alerts/thresholds", "", {{"Cookie", sam}}).body);
  };
  const json::value before = current();
  CHECK(put(server, "", R"({"waiting":1})").status == 401);
  auto refused = put(server, agent, R"({"waiting":1})");
  CHECK(refused.status == 403);
  CHECK(error_of(refused) == "forbidden");
  CHECK(http_request(server.port(), "GET", "/api/alerts/thresholds", "", {{"Cookie", agent}})
            .status == 403);
  auto foreign = put(server, sam, R"({"waiting":1})", {{"Origin", "http://evil.example"}});
  CHECK(foreign.status == 403);
  CHECK(error_of(foreign) == "forbidden_origin");
  auto not_json = put(server, sam, "{\"waiting\":");
  CHECK(not_json.status == 400);
  CHECK(error_of(not_json) == "bad_json");
  CHECK(error_of(put(server, sam, R"({"waiting":1,"waiting":2})")) == "bad_json");
  for (const char* bad : {R"({"waiting":-1})", R"({"service_level":1.5})", R"({"colour":"red"})",
                          R"({"breached":"many"})", R"({"oldest_wait_ms":2.5})"}) {
    CAPTURE(bad);
    auto reply = put(server, sam, bad);
    CHECK(reply.status == 400);
    CHECK(error_of(reply) == "bad_field");
  }
  CHECK(http_request(server.port(), "POST", "/api/alerts/thresholds", "{}", {{"Cookie", sam}})
            .status == 405);
  CHECK(current() == before);
  server.stop();
  CHECK(count_rows(server, "SELECT waiting FROM alert_thresholds") == 5);
  CHECK(count_rows(server, "SELECT breached FROM alert_thresholds") == 2);
  CHECK(count_rows(server, "SELECT COUNT(*) FROM alert_thresholds") == 1);
}
