
#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The queues' SLA policies through the real `kefu serve` with the demo staff (docs/protocol.md,
// "Admin: SLA policies"): typed refusals that change nothing, and one policy read back from
// every judge of time (the console's clocks, the supervisor's list, the service level, the KPI
// CSV and the quality score); and a queue whose team is closed routing nothing until it opens.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::string error_of(const HttpReply& r) {
  return std::string(json::parse(r.body).at("error").as_string());
}

// Every row an SLA change may touch.
std::string sla_rows(const TestServer& server) {
  return stored_rows(server, "SELECT name, definition FROM sla_policies ORDER BY name") +
         stored_rows(server, "SELECT COUNT(*) FROM events WHERE type LIKE 'sla_%'");
}

// The billing queue: team support (Bob has billing level 4, Alice none).
json::object billing_queue() {
  return json::object{{"name", "billing"},  {"channel", "chat"}, {"team", "support"},
                      {"skill", "billing"}, {"min_level", 3},    {"language", "en"},
                      {"priority", 2},      {"segment", ""},     {"offer_mode", "assign"}};
}

json::object targets(std::int64_t first, std::int64_t next, std::int64_t resolution) {
  return json::object{{"first_response_seconds", first},
                      {"next_response_seconds", next},
                      {"resolution_seconds", resolution}};
}

}  // namespace

TEST_CASE("queue SLA policies: typed 400s change nothing, duplicates are refused, audited",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  REQUIRE(http_request(server.port(), "POST", "/api/admin/queues", json::serialize(billing_queue()),
                       as(admin))
              .status == 201);
  auto post = [&](json::object body, const std::string& who = "") {
    return http_request(server.port(), "POST", "/api/admin/sla/queues", json::serialize(body),
                        as(who.empty() ? admin : who));
  };
  auto with = [](json::object o, const char* key, json::value v) {
    o[key] = std::move(v);
    return o;
  };
  const json::object good = with(targets(30, 60, 3600), "queue", "billing");
  const auto before = sla_rows(server);
  CHECK(error_of(post(targets(30, 60, 3600))) == "missing_queue");
  CHECK(error_of(post(with(good, "queue", "nowhere"))) == "unknown_queue");
  CHECK(error_of(post(with(good, "first_response_seconds", 0))) == "bad_target");
  CHECK(error_of(post(with(good, "next_response_seconds", -5))) == "bad_target");
  CHECK(error_of(post(with(good, "resolution_seconds", 10))) == "bad_target");
  CHECK(error_of(post(with(good, "priority", "gold"))) == "unknown_priority");
  CHECK(error_of(post(with(good, "channel", "ticket"))) == "bad_channel");
  CHECK(error_of(post(with(good, "time", "lunar"))) == "bad_time_mode");
  CHECK(error_of(post(with(good, "colour", "red"))) == "bad_request");
  CHECK(post(good, alice).status == 403);
  CHECK(sla_rows(server) == before);

  auto created = post(good);
  REQUIRE(created.status == 201);
  const auto policy = json::parse(created.body).at("policy");
  CHECK(policy.at("key") == "queue:billing");
  CHECK(policy.at("channel") == "chat");
  CHECK(policy.at("priority").is_null());
  const auto one = sla_rows(server);
  auto duplicate = post(good);
  CHECK(duplicate.status == 400);
  CHECK(error_of(duplicate) == "duplicate_policy");
  CHECK(sla_rows(server) == one);

  // A priority's policy, listed with the queue's; edited; removed; a missing one is 404.
  REQUIRE(post(with(with(good, "priority", "vip"), "first_response_seconds", 10)).status == 201);
  auto listed = http_request(server.port(), "GET", "/api/admin/sla", "", as(admin));
  REQUIRE(listed.status == 200);
  const auto all = json::parse(listed.body).at("queue_policies").as_array();
  REQUIRE(all.size() == 2);
  CHECK(all[1].at("key") == "queue:billing:vip");
  auto put = http_request(server.port(), "PUT", "/api/admin/sla/queues/billing/vip",
                          json::serialize(with(with(good, "priority", "vip"), "time", "business")),
                          as(admin));
  REQUIRE(put.status == 200);
  CHECK(json::parse(put.body).at("policy").at("time") == "business");
  const auto two = sla_rows(server);
  CHECK(http_request(server.port(), "PUT", "/api/admin/sla/queues/billing/normal",
                     json::serialize(with(good, "priority", "normal")), as(admin))
            .status == 404);
  CHECK(error_of(http_request(server.port(), "PUT", "/api/admin/sla/queues/billing/vip",
                              json::serialize(good), as(admin))) == "bad_request");
  CHECK(sla_rows(server) == two);
  CHECK(http_request(server.port(), "DELETE", "/api/admin/sla/queues/billing/vip", "", as(alice))
            .status == 403);
  REQUIRE(http_request(server.port(), "DELETE", "/api/admin/sla/queues/billing/vip", "", as(admin))
              .status == 200);
  CHECK(http_request(server.port(), "DELETE", "/api/admin/sla/queues/billing/vip", "", as(admin))
            .status == 404);
  CHECK(count_rows(server, "SELECT COUNT(*) FROM sla_policies") == 1);
  CHECK(stored_rows(server, "SELECT type FROM events WHERE type LIKE 'sla_%' ORDER BY id") ==
        "sla_created|\nsla_created|\nsla_updated|\nsla_removed|\n");
}

TEST_CASE(
    "a queue's SLA policy is what the console's clock, the supervisor's list, the service level, "
    "the KPI CSV and the quality score all use",
    "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto sam_cookie = log_in(server.port(), "sam", "sam-demo-pass");
  const auto bob_cookie = log_in(server.port(), "bob", "bob-demo-pass");
  REQUIRE(http_request(server.port(), "POST", "/api/admin/queues", json::serialize(billing_queue()),
                       as(admin))
              .status == 201);
  // The channel keeps its 20 s; the billing queue's customers of normal priority get 1 s.
  auto policy = targets(1, 1, 600);
  policy["queue"] = "billing";
  policy["priority"] = "normal";
  REQUIRE(http_request(server.port(), "POST", "/api/admin/sla/queues", json::serialize(policy),
                       as(admin))
              .status == 201);
  auto sam = WsClient::staff(server.port(), server.origin(), sam_cookie);
  sam->next_of_type("welcome");
  const auto started = std::chrono::system_clock::now();
  const std::int64_t from =
      std::chrono::duration_cast<std::chrono::milliseconds>(started.time_since_epoch()).count() -
      60'000;

  std::unique_ptr<WsClient> customer;
  const auto id = customer_chat(server, customer, "c-1");
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));  // waits past 1 s, not 20 s

  // The console's clock and the supervisor's list: the queue's priority policy, breached.
  const auto clock = clock_of(server, sam_cookie, id);
  REQUIRE(clock.is_object());
  CHECK(clock.at("policy") == "queue:billing:normal");
  CHECK(clock.at("target_ms") == 1000);
  CHECK(clock.at("risk") == "breached");
  CHECK(clock.at("resolution_target_ms") == 600'000);
  const auto row = supervisor_row(*sam, id, "breached");
  REQUIRE_FALSE(row.empty());
  CHECK(row.at("sla_target_ms") == 1000);
  CHECK(row.at("sla_risk") == "breached");
  CHECK(row.at("sla_due_at") == clock.at("due_at"));

  // Bob comes online and gets it; an agent sees only their own clocks.
  auto bob = WsClient::staff(server.port(), server.origin(), bob_cookie);
  bob->next_of_type("welcome");
  REQUIRE(offered(*bob, id, 3000));
  CHECK(clock_of(server, log_in(server.port(), "alice", "alice-demo-pass"), id).is_null());
  CHECK(clock_of(server, bob_cookie, id).at("policy") == "queue:billing:normal");
  bob->send_json(json::object{{"type", "message"},
                              {"client_id", "a-1"},
                              {"conversation_id", id},
                              {"text", "Hello! Let me check the invoice. Have a nice day."}});
  bob->next_of_type("ack");
  bob->send_json(json::object{{"type", "resolve"}, {"client_id", "r-1"}, {"conversation_id", id}});
  bob->next_of_type("ack");

  // The quality score judged the first response against the queue's 1 s.
  std::string breakdown;
  for (int i = 0; i < 50 && breakdown.empty(); ++i) {
    breakdown = stored_rows(server,
                            "SELECT breakdown FROM kpi_quality_scores WHERE "
                            "conversation_id = " +
                                std::to_string(id));
    if (!breakdown.empty()) breakdown.resize(breakdown.size() - 2);  // the row's "|\n"
    if (breakdown.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE_FALSE(breakdown.empty());
  bool judged = false;
  const auto scored = json::parse(breakdown);
  for (const auto& item : scored.at("items").as_array()) {
    if (item.at("name") != "first_response_within_target") continue;
    judged = true;
    CHECK(item.at("earned").to_number<double>() == 0.0);
    CHECK(std::string(item.at("detail").as_string()).ends_with("against 1 s"));
  }
  CHECK(judged);

  // The service level (answered within 1 s: none) in the report and its CSV.
  const std::int64_t to = from + 120'000;
  const std::string range = "from=" + std::to_string(from) + "&to=" + std::to_string(to);
  json::value level;
  for (int i = 0; i < 50; ++i) {
    auto r = http_request(server.port(), "GET", "/api/reports?" + range, "", as(sam_cookie));
    REQUIRE(r.status == 200);
    level = json::parse(r.body).at("total").at("service_level");
    if (!level.is_null()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(level.is_number());
  CHECK(level.to_number<double>() == 0.0);
  auto csv = http_request(server.port(), "GET", "/api/reports?" + range + "&format=csv", "",
                          as(sam_cookie));
  REQUIRE(csv.status == 200);
  // The CSV's total row has the same service level.
  auto cells = [](const std::string& line) {
    std::vector<std::string> out(1);
    for (const char ch : line) {
      if (ch == ',') {
        out.emplace_back();
      } else if (ch != '\r') {
        out.back() += ch;
      }
    }
    return out;
  };
  const auto first_end = csv.body.find('\n');
  const auto header = cells(csv.body.substr(0, first_end));
  const auto total =
      cells(csv.body.substr(first_end + 1, csv.body.find('\n', first_end + 1) - first_end - 1));
  const auto column = std::find(header.begin(), header.end(), "service_level") - header.begin();
  REQUIRE(static_cast<std::size_t>(column) < header.size());
  REQUIRE(total.size() == header.size());
  CHECK(total[0] == "total");
  CHECK(std::stod(total[static_cast<std::size_t>(column)]) == 0.0);
}

TEST_CASE("outside its team's hours a queue routes nothing, and routes at once when it opens",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  REQUIRE(http_request(server.port(), "POST", "/api/admin/queues", json::serialize(billing_queue()),
                       as(admin))
              .status == 201);
  auto hours = [&](bool open) {
    json::object week;
    for (const char* day : {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}) {
      week[day] = open ? json::array{json::array{"00:00", "24:00"}} : json::array{};
    }
    return http_request(
        server.port(), "PUT", "/api/admin/teams/support/hours",
        json::serialize(json::object{{"time_zone", "Europe/Berlin"}, {"week", std::move(week)}}),
        as(admin));
  };
  REQUIRE(hours(false).status == 200);
  auto bob = WsClient::staff(server.port(), server.origin(),
                             log_in(server.port(), "bob", "bob-demo-pass"));
  bob->next_of_type("welcome");
  auto widget = http_request(server.port(), "GET", "/api/widget/hours", "");
  CHECK(json::parse(widget.body).at("open") == false);

  // Closed: Bob is online with the skill and room, and the chat still waits.
  std::unique_ptr<WsClient> customer;
  const auto id = customer_chat(server, customer, "c-1");
  CHECK_FALSE(offered(*bob, id, 1500));
  auto overview = http_request(server.port(), "GET", "/api/admin/routing", "", as(admin));
  CHECK(json::parse(overview.body).at("waiting").at("billing") == 1);

  // Open: the waiting chat goes to Bob without a restart, and so does the next one at once.
  REQUIRE(hours(true).status == 200);
  CHECK(offered(*bob, id, 3000));
  std::unique_ptr<WsClient> second;
  const auto next = customer_chat(server, second, "c-2");
  CHECK(offered(*bob, next, 3000));
}
