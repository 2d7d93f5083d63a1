#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// GET /api/reports/figure through the real `kefu serve`: a figure's conversations, named, equal
// in number to the figure of GET /api/reports for the same range; the refusals change nothing.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

HttpReply get(TestServer& server, const std::string& cookie, const std::string& target) {
  std::map<std::string, std::string> headers;
  if (!cookie.empty()) headers["Cookie"] = cookie;
  return http_request(server.port(), "GET", target, "", headers);
}

std::string error_of(const HttpReply& reply) {
  return std::string(json::parse(reply.body).at("error").as_string());
}

}  // namespace

TEST_CASE("a figure's conversations are named and as many as the report's figure",
          "[integration]") {
  TestServer server;
  auto alice = demo_staff(server, "alice");
  go_online(*alice, "s-1");
  std::vector<std::unique_ptr<WsClient>> customers;
  const auto id = new_chat(server, customers, "Where is my parcel?");
  alice->next_of_type("conversation");

  const std::string sam = "kefu_session=" + log_in(server.port(), "sam", "sam-demo-pass");
  const std::int64_t from = wall_ms() - 3'600'000;
  const std::int64_t to = wall_ms() + 3'600'000;
  const std::string range = "&from=" + std::to_string(from) + "&to=" + std::to_string(to);
  json::object list;
  for (int i = 0; i < 50; ++i) {  // the assignment reaches the kpi_ tables within a moment
    auto reply = get(server, sam, "/api/reports/figure?figure=answered" + range);
    REQUIRE(reply.status == 200);
    list = json::parse(reply.body).as_object();
    if (list.at("count").as_int64() == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(list.at("count").as_int64() == 1);
  const auto& row = list.at("conversations").as_array().at(0).as_object();
  CHECK(row.at("conversation_id").as_int64() == id);
  CHECK(row.at("agent").as_string() == "Alice Chen");
  CHECK(row.at("customer").is_string());
  CHECK(row.at("queue").is_string());
  CHECK(row.at("counted").as_bool());
  // The same definitions as the report: its answered count is the list's size, its service
  // level the list's value, for the queue too.
  auto report = json::parse(get(server, sam, "/api/reports?" + range.substr(1)).body).as_object();
  CHECK(report.at("total").at("counts").at("answered").as_int64() == 1);
  const std::string queue(row.at("queue").as_string());
  auto sl =
      json::parse(
          get(server, sam, "/api/reports/figure?figure=service_level&queue=" + queue + range).body)
          .as_object();
  CHECK(sl.at("count").as_int64() == 1);
  CHECK(sl.at("value").as_double() ==
        Approx(report.at("queues").at(queue).at("service_level").as_double()));
  CHECK(sl.at("group").at("dimension").as_string() == "queue");
  // Alice's own list has it; Bob's is empty.
  auto of_agent = [&](int agent) {
    return json::parse(
               get(server, sam,
                   "/api/reports/figure?figure=answered&agent=" + std::to_string(agent) + range)
                   .body)
        .at("count")
        .as_int64();
  };
  CHECK(of_agent(1) == 1);
  CHECK(of_agent(2) == 0);
}

TEST_CASE("the waiting list names each waiting chat with when it breaches", "[integration]") {
  TestServer server;
  std::vector<std::unique_ptr<WsClient>> customers;
  const auto id = new_chat(server, customers, "Anyone there?");
  const std::string sam = "kefu_session=" + log_in(server.port(), "sam", "sam-demo-pass");
  json::object list;
  for (int i = 0; i < 50; ++i) {
    list = json::parse(get(server, sam, "/api/reports/figure?figure=waiting").body).as_object();
    if (list.at("count").as_int64() == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(list.at("count").as_int64() == 1);
  const auto& row = list.at("conversations").as_array().at(0).as_object();
  CHECK(row.at("conversation_id").as_int64() == id);
  CHECK(row.at("breach_at").as_int64() == row.at("at").as_int64() + 20'000);  // chat T: 20 s
  CHECK(row.at("agent").is_null());
}

TEST_CASE("the figure drill-down refuses strangers, agents and bad queries, changing nothing",
          "[integration]") {
  TestServer server;
  const std::string sam = "kefu_session=" + log_in(server.port(), "sam", "sam-demo-pass");
  const std::string agent = "kefu_session=" + log_in(server.port(), "alice", "alice-demo-pass");
  const std::string events = "SELECT COUNT(*) FROM events";
  const std::string facts = "SELECT COUNT(*) FROM kpi_facts";
  const std::string ok = "/api/reports/figure?figure=csat&from=0&to=1000";
  // The back office has started (its strand answers a figure only after its start-up) and the
  // sign-ins' events are stored (a health probe answers after what was written before it).
  REQUIRE(get(server, sam, ok).status == 200);
  REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);
  const std::int64_t events_before = count_rows(server, events);
  const std::int64_t facts_before = count_rows(server, facts);
  CHECK(get(server, "", ok).status == 401);
  auto refused = get(server, agent, ok);
  CHECK(refused.status == 403);
  CHECK(error_of(refused) == "forbidden");
  auto unknown = get(server, sam, "/api/reports/figure?figure=occupancy&from=0&to=1000");
  CHECK(unknown.status == 400);
  CHECK(error_of(unknown) == "unknown_figure");
  CHECK(error_of(get(server, sam, "/api/reports/figure?from=0&to=1000")) == "unknown_figure");
  const std::int64_t day = 86'400'000;
  for (const std::string& target :
       {"/api/reports/figure?figure=csat&from=0&to=" + std::to_string(400 * day + 1),
        std::string("/api/reports/figure?figure=csat&from=1000&to=1000"),
        std::string("/api/reports/figure?figure=csat&from=x&to=1000"),
        std::string("/api/reports/figure?figure=csat&to=1000"),
        std::string("/api/reports/figure?figure=csat&from=0&to=1000&queue=a&agent=1"),
        std::string("/api/reports/figure?figure=csat&from=0&to=1000&agent=bob"),
        std::string("/api/reports/figure?figure=csat&from=0&to=1000&queue="),
        std::string("/api/reports/figure?figure=csat&from=0&to=1000&shop=1")}) {
    CAPTURE(target);
    auto reply = get(server, sam, target);
    CHECK(reply.status == 400);
    CHECK(error_of(reply) == "bad_request");
  }
  CHECK(http_request(server.port(), "POST", ok, "", {{"Cookie", sam}}).status == 405);
  CHECK(get(server, sam, ok).status == 200);
  server.stop();
  CHECK(count_rows(server, events) == events_before);
  CHECK(count_rows(server, facts) == facts_before);
}

TEST_CASE("the KPI series per hour and per day, and its refusals", "[integration]") {
  TestServer server;
  auto alice = demo_staff(server, "alice");
  go_online(*alice, "s-1");
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send_json(
      json::object{{"type", "message"}, {"client_id", "c-1"}, {"text", "Where is my parcel?"}});
  customer->next_of_type("ack");
  alice->next_of_type("conversation");
  const std::string sam = "kefu_session=" + log_in(server.port(), "sam", "sam-demo-pass");
  const std::string agent = "kefu_session=" + log_in(server.port(), "alice", "alice-demo-pass");
  const std::int64_t hour = 3'600'000;
  const std::int64_t now = wall_ms();
  const std::int64_t from = now - now % hour - 2 * hour;
  const std::string range = "from=" + std::to_string(from) + "&to=" + std::to_string(now + 1000);
  json::object series;
  for (int i = 0; i < 50; ++i) {
    auto reply = get(server, sam, "/api/reports/series?step=hour&" + range);
    REQUIRE(reply.status == 200);
    series = json::parse(reply.body).as_object();
    if (series.at("buckets").as_array().back().at("total").at("answered").as_int64() == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto& buckets = series.at("buckets").as_array();
  REQUIRE(buckets.size() == 3);
  CHECK(buckets[0].at("from").as_int64() == from);
  CHECK(buckets[1].at("from").as_int64() == from + hour);
  CHECK(buckets[2].at("total").at("answered").as_int64() == 1);
  CHECK(buckets[2].at("agents").at("1").at("answered").as_int64() == 1);
  CHECK(buckets[2].at("queues").at("general").at("answered").as_int64() == 1);
  auto days = json::parse(get(server, sam, "/api/reports/series?step=day&" + range).body);
  CHECK(days.at("step").as_string() == "day");
  CHECK(days.at("buckets").as_array().size() >= 1);

  const std::int64_t events_before = count_rows(server, "SELECT COUNT(*) FROM events");
  CHECK(get(server, "", "/api/reports/series?step=day&" + range).status == 401);
  CHECK(error_of(get(server, agent, "/api/reports/series?step=day&" + range)) == "forbidden");
  const std::int64_t day = 24 * hour;
  for (const std::string& target :
       {std::string("/api/reports/series?step=week&") + range,
        std::string("/api/reports/series?") + range,
        "/api/reports/series?step=hour&from=0&to=" + std::to_string(7 * day + 1),
        "/api/reports/series?step=day&from=0&to=" + std::to_string(400 * day + 1),
        std::string("/api/reports/series?step=day&from=5&to=5"),
        std::string("/api/reports/series?step=day&from=x&to=5"),
        std::string("/api/reports/series?step=day&from=0&to=5&queue=general")}) {
    CAPTURE(target);
    auto reply = get(server, sam, target);
    CHECK(reply.status == 400);
    CHECK(error_of(reply) == "bad_request");
  }
  CHECK(http_request(server.port(), "POST", "/api/reports/series?step=day&" + range, "",
                     {{"Cookie", sam}})
            .status == 405);
  server.stop();
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events") == events_before);
}
