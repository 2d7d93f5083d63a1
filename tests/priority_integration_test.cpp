#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// A conversation's priority through the real `kefu serve` (docs/protocol.md, "set_priority"):
// a supervisor raises a waiting chat to VIP, and every judge of time then reads the VIP policy
// of its queue: the console's clock, the supervisor's list, the waiting drill-down,
// `sla_breached` and the service level. Refusals are typed and change nothing.

using namespace kefu::testing;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

// Polls `sql` (one number) on the server's database until it is `want`, for up to 5 s.
std::int64_t eventually(TestServer& server, const std::string& sql, std::int64_t want) {
  std::int64_t got = -1;
  for (int i = 0; i < 50; ++i) {
    got = count_rows(server, sql);
    if (got == want) break;
    std::this_thread::sleep_for(100ms);
  }
  return got;
}

json::object set_priority(const std::string& client_id, json::value conversation,
                          json::value priority) {
  json::object o{{"type", "set_priority"},
                 {"client_id", client_id},
                 {"conversation_id", std::move(conversation)}};
  if (!priority.is_null()) o["priority"] = std::move(priority);
  return o;
}

}  // namespace

TEST_CASE("a supervisor's priority chooses the SLA policy every judge of time reads",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto sam_cookie = log_in(server.port(), "sam", "sam-demo-pass");
  // The general queue keeps the channel's 20 s; its VIP conversations get 1 s.
  json::object policy{{"queue", "general"},
                      {"priority", "vip"},
                      {"first_response_seconds", 1},
                      {"next_response_seconds", 1},
                      {"resolution_seconds", 600}};
  REQUIRE(http_request(server.port(), "POST", "/api/admin/sla/queues", json::serialize(policy),
                       as(admin))
              .status == 201);
  auto sam = WsClient::staff(server.port(), server.origin(), sam_cookie);
  sam->next_of_type("welcome");
  const std::int64_t from = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count() -
                            60'000;
  std::vector<std::unique_ptr<WsClient>> customers;
  const auto id = new_chat(server, customers, "Anyone there?");
  // Routing has it once the customer hears their place: its queue and priority are decided.
  customers.back()->next_of_type("queue");
  const std::string row = " FROM conversations WHERE id = " + std::to_string(id);
  const std::string changes =
      "SELECT COUNT(*) FROM events WHERE type = 'conversation_priority_changed'";

  auto before = clock_of(server, sam_cookie, id);
  REQUIRE(before.is_object());
  CHECK(before.at("priority") == "normal");
  CHECK(before.at("priority_by").is_null());
  CHECK(before.at("target_ms") == 20'000);

  // Bad input: typed, and nothing changes (no event, the row as it was, the same clock).
  sam->send_json(set_priority("p-bad", id, "urgent"));
  auto refused = sam->next_of_type("error");
  CHECK(text_at(refused, "code") == "unknown_priority");
  CHECK(text_at(refused, "ref") == "p-bad");
  sam->send_json(set_priority("p-none", id, nullptr));
  CHECK(text_at(sam->next_of_type("error"), "code") == "bad_field");
  sam->send_json(set_priority("p-who", id + 1000, "vip"));
  CHECK(text_at(sam->next_of_type("error"), "code") == "not_found");
  sam->send_json(set_priority("p-type", "x", "vip"));
  CHECK(text_at(sam->next_of_type("error"), "code") == "bad_field");
  CHECK(count_rows(server, changes) == 0);
  CHECK(count_rows(server, "SELECT COUNT(*)" + row + " AND priority_by = ''") == 1);
  CHECK(clock_of(server, sam_cookie, id).at("target_ms") == 20'000);

  // Raised to VIP: acknowledged, announced, stored, audited.
  sam->send_json(set_priority("p-1", id, "vip"));
  CHECK(text_at(sam->next_of_type("conversation_priority"), "priority") == "vip");
  CHECK(text_at(sam->next_of_type("ack"), "ref") == "p-1");
  CHECK(count_rows(server, "SELECT COUNT(*)" + row +
                               " AND priority = 'vip' AND priority_by = 'supervisor'") == 1);
  CHECK(count_rows(server, changes + " AND conversation_id = " + std::to_string(id)) == 1);
  const auto clock = clock_of(server, sam_cookie, id);
  CHECK(clock.at("priority") == "vip");
  CHECK(clock.at("priority_by") == "supervisor");
  CHECK(clock.at("policy") == "queue:general:vip");
  CHECK(clock.at("target_ms") == 1'000);
  std::this_thread::sleep_for(1300ms);  // past 1 s, far from 20 s
  CHECK(clock_of(server, sam_cookie, id).at("risk") == "breached");

  // The supervisor's list.
  const auto listed = supervisor_row(*sam, id, "breached");
  REQUIRE_FALSE(listed.empty());
  CHECK(listed.at("priority") == "vip");
  CHECK(listed.at("sla_target_ms") == 1'000);

  // The waiting drill-down: breached 1 s after the wait began.
  json::object waiting;
  for (int i = 0; i < 50; ++i) {
    auto r = http_request(server.port(), "GET", "/api/reports/figure?figure=waiting", "",
                          as(sam_cookie));
    REQUIRE(r.status == 200);
    waiting = json::parse(r.body).as_object();
    const auto& rows = waiting.at("conversations").as_array();
    if (rows.size() == 1 &&
        rows[0].at("breach_at").as_int64() == rows[0].at("at").as_int64() + 1'000) {
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  REQUIRE(waiting.at("conversations").as_array().size() == 1);
  const auto& entry = waiting.at("conversations").as_array()[0];
  CHECK(entry.at("breach_at").as_int64() == entry.at("at").as_int64() + 1'000);

  // sla_breached, judged by the VIP policy's 1 s.
  CHECK(
      eventually(server,
                 "SELECT COUNT(*) FROM events WHERE type = 'sla_breached' AND conversation_id = " +
                     std::to_string(id) +
                     " AND data LIKE '%\"target_ms\":1000,%' AND data LIKE "
                     "'%\"priority\":\"vip\"%'",
                 1) == 1);

  // Alice comes online and answers: the wait was longer than the VIP policy's 1 s, so the
  // service level is 0 (the channel's 20 s would have made it 1). An agent may not set it.
  auto alice = demo_staff(server, "alice");
  for (;;) {
    const auto frame = alice->next_of_type("conversation", 5000);
    if (frame.at("conversation").at("id").as_int64() == id) break;
  }
  alice->send_json(set_priority("p-agent", id, "normal"));
  CHECK(text_at(alice->next_of_type("error"), "code") == "forbidden");
  CHECK(count_rows(server, changes) == 1);
  CHECK(count_rows(server, "SELECT COUNT(*)" + row + " AND priority = 'vip'") == 1);
  const std::string range =
      "from=" + std::to_string(from) + "&to=" + std::to_string(from + 180'000);
  json::value level;
  for (int i = 0; i < 50; ++i) {
    auto r = http_request(server.port(), "GET", "/api/reports?" + range, "", as(sam_cookie));
    REQUIRE(r.status == 200);
    level = json::parse(r.body).at("total").at("service_level");
    if (!level.is_null()) break;
    std::this_thread::sleep_for(100ms);
  }
  REQUIRE(level.is_number());
  CHECK(level.to_number<double>() == 0.0);
}

TEST_CASE("a waiting chat raised to VIP moves ahead in its queue and is answered first",
          "[integration]") {
  TestServer server;
  auto sam = WsClient::staff(server.port(), server.origin(),
                             log_in(server.port(), "sam", "sam-demo-pass"));
  sam->next_of_type("welcome");
  // Nobody is online: two chats wait in general, the first ahead of the second.
  std::vector<std::unique_ptr<WsClient>> customers;
  const auto first = new_chat(server, customers, "First in line");
  const auto ahead = customers[0]->next_of_type("queue").at("position").as_int64();
  const auto second = new_chat(server, customers, "Second in line");
  CHECK(customers[1]->next_of_type("queue").at("position").as_int64() == ahead + 1);

  // The supervisor makes the second one VIP: it takes the first one's place, and both
  // customers are told their new positions.
  sam->send_json(set_priority("p-vip", second, "vip"));
  CHECK(sam->next_of_type("ack").at("conversation_id").as_int64() == second);
  auto moved = customers[1]->next_of_type("queue");
  CHECK(moved.at("conversation_id").as_int64() == second);
  CHECK(moved.at("position").as_int64() == ahead);
  auto behind = customers[0]->next_of_type("queue");
  CHECK(behind.at("conversation_id").as_int64() == first);
  CHECK(behind.at("position").as_int64() == ahead + 1);

  // The first agent to come online is given the VIP chat first.
  auto alice = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  alice->next_of_type("welcome");
  alice->send_json(json::object{{"type", "status"}, {"client_id", "on"}, {"status", "online"}});
  const std::string assigned =
      "SELECT COUNT(*) FROM events WHERE type = 'conversation_assigned' AND conversation_id = ";
  REQUIRE(eventually(server, assigned + std::to_string(second), 1) == 1);
  CHECK(count_rows(server, assigned + std::to_string(first) +
                               " AND id < (SELECT MIN(id) FROM events WHERE type = "
                               "'conversation_assigned' AND conversation_id = " +
                               std::to_string(second) + ")") == 0);
}
