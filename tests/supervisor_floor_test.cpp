
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Running the floor through the real `kefu serve`: the `floor` of the `kpi` frame, a supervisor
// setting an agent away with a reason (the agent is told), and the refusals that change nothing.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

// The `floor` row of agent `id` in the next kpi frame that has one.
json::object floor_row(WsClient& supervisor, std::int64_t id) {
  for (int i = 0; i < 5; ++i) {
    auto kpi = supervisor.next_of_type("kpi", 3000);
    for (const auto& row : kpi.at("floor").as_array()) {
      if (row.at("id").as_int64() == id) return row.as_object();
    }
  }
  FAIL("agent " << id << " is not on the floor");
  return {};
}

json::object set_status(std::int64_t agent, const char* status, const char* reason,
                        const char* ref) {
  return json::object{{"type", "set_agent_status"},
                      {"client_id", ref},
                      {"agent_id", agent},
                      {"status", status},
                      {"reason", reason}};
}

const char* kStatusEvents = "SELECT COUNT(*) FROM events WHERE type = 'agent_status_changed'";

}  // namespace

TEST_CASE("the kpi frame's floor names each agent with status, load and capacity",
          "[integration]") {
  TestServer server;
  auto alice = demo_staff(server, "alice");
  const std::int64_t alice_id = 1;
  go_online(*alice, "s-1");
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send_json(
      json::object{{"type", "message"}, {"client_id", "c-1"}, {"text", "Where is my parcel?"}});
  customer->next_of_type("ack");
  alice->next_of_type("conversation");
  auto sam = demo_staff(server, "sam");
  json::object row;
  for (int i = 0; i < 5; ++i) {
    row = floor_row(*sam, alice_id);
    if (row.at("open_chats").as_int64() == 1) break;
  }
  CHECK(row.at("name").as_string() == "Alice Chen");
  CHECK(row.at("status").as_string() == "online");
  CHECK(row.at("status_since").is_int64());
  CHECK(row.at("connected").as_bool());
  CHECK(row.at("open_chats").as_int64() == 1);
  CHECK(row.at("chat_capacity").as_int64() > 0);
  CHECK(row.at("open_tickets").as_int64() == 0);
  CHECK(row.at("ticket_capacity").as_int64() > 0);
}

TEST_CASE("a supervisor sets an agent away with a reason, the agent is told and it is logged",
          "[integration]") {
  TestServer server;
  auto alice = demo_staff(server, "alice");
  go_online(*alice, "s-1");
  auto sam = demo_staff(server, "sam");
  const std::int64_t alice_id = 1;
  CHECK(floor_row(*sam, alice_id).at("status").as_string() == "online");

  sam->send_json(set_status(alice_id, "away", "Team meeting at 15:00", "f-1"));
  CHECK(text_at(sam->next_of_type("ack"), "ref") == "f-1");
  CHECK(text_at(alice->next_of_type("agent_status"), "status") == "away");
  auto told = alice->next_of_type("status_set");
  CHECK(text_at(told, "status") == "away");
  CHECK(text_at(told, "reason") == "Team meeting at 15:00");
  CHECK(told.at("by").at("name").as_string() == "Sam Taylor");
  json::object row;
  for (int i = 0; i < 5; ++i) {
    row = floor_row(*sam, alice_id);
    if (row.at("status").as_string() == "away") break;
  }
  CHECK(row.at("status").as_string() == "away");

  server.stop();
  auto data = json::parse(stored_text(server,
                                      "SELECT data FROM events WHERE type = "
                                      "'agent_status_changed' AND agent_id = 1 ORDER BY id DESC "
                                      "LIMIT 1"))
                  .as_object();
  CHECK(data.at("status").as_string() == "away");
  CHECK(data.at("by").as_string() == "supervisor");
  CHECK(data.at("reason").as_string() == "Team meeting at 15:00");
  CHECK(data.at("supervisor_id").as_int64() == 4);
}

TEST_CASE("setting an agent's status is refused to agents, for unknown agents and bad input",
          "[integration]") {
  TestServer server;
  auto alice = demo_staff(server, "alice");
  go_online(*alice, "s-1");
  auto bob = demo_staff(server, "bob");
  auto sam = demo_staff(server, "sam");
  const std::int64_t alice_id = 1;
  CHECK(floor_row(*sam, alice_id).at("status").as_string() == "online");
  bob->quiet_for(200);
  const std::int64_t before = count_rows(server, kStatusEvents);

  // An agent: forbidden, and Alice hears nothing.
  bob->send_json(set_status(alice_id, "offline", "go home", "b-1"));
  auto refused = bob->next_of_type("error");
  CHECK(text_at(refused, "code") == "forbidden");
  CHECK(text_at(refused, "ref") == "b-1");
  // Unknown agent, and a supervisor (not an agent): not_found.
  sam->send_json(set_status(999, "away", "lunch", "f-2"));
  refused = sam->next_of_type("error");
  CHECK(text_at(refused, "code") == "not_found");
  CHECK(text_at(refused, "ref") == "f-2");
  sam->send_json(set_status(4, "away", "lunch", "f-3"));
  CHECK(text_at(sam->next_of_type("error"), "code") == "not_found");
  // No reason, an unknown status: bad_field.
  sam->send_json(set_status(alice_id, "away", "  ", "f-4"));
  CHECK(text_at(sam->next_of_type("error"), "code") == "bad_field");
  sam->send_json(set_status(alice_id, "asleep", "lunch", "f-5"));
  CHECK(text_at(sam->next_of_type("error"), "code") == "bad_field");

  CHECK_FALSE(alice->quiet_for(500).has_value());
  CHECK(floor_row(*sam, alice_id).at("status").as_string() == "online");
  server.stop();
  CHECK(count_rows(server, kStatusEvents) == before);
}

TEST_CASE("the per-conversation CSV is for supervisors and admins over at most 400 days",
          "[integration]") {
  TestServer server;
  auto alice = demo_staff(server, "alice");
  go_online(*alice, "s-1");
  std::vector<std::unique_ptr<WsClient>> customers;
  const auto id = new_chat(server, customers, "Where is my parcel?");
  alice->next_of_type("conversation");

  const std::string sam = "kefu_session=" + log_in(server.port(), "sam", "sam-demo-pass");
  const std::string agent = "kefu_session=" + log_in(server.port(), "alice", "alice-demo-pass");
  const std::int64_t day = 86'400'000;
  const std::int64_t now = 4'000'000'000'000LL;
  auto get = [&](const std::string& cookie, std::int64_t from, std::int64_t to) {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    return http_request(
        server.port(), "GET",
        "/api/reports/conversations.csv?from=" + std::to_string(from) + "&to=" + std::to_string(to),
        "", headers);
  };
  CHECK(get("", 0, now).status == 401);
  auto refused = get(agent, 0, day);
  CHECK(refused.status == 403);
  CHECK(json::parse(refused.body).at("error").as_string() == "forbidden");
  auto too_long = get(sam, 0, 400 * day + 1);
  CHECK(too_long.status == 400);
  CHECK(json::parse(too_long.body).at("error").as_string() == "bad_request");
  CHECK(get(sam, day, day).status == 400);
  CHECK(http_request(server.port(), "GET", "/api/reports/conversations.csv?from=x&to=5", "",
                     {{"Cookie", sam}})
            .status == 400);
  CHECK(http_request(server.port(), "POST", "/api/reports/conversations.csv?from=0&to=5", "",
                     {{"Cookie", sam}})
            .status == 405);
  // The same 400-day rule on the KPI report.
  CHECK(http_request(server.port(), "GET",
                     "/api/reports?from=0&to=" + std::to_string(400 * day + 1), "",
                     {{"Cookie", sam}})
            .status == 400);

  const std::int64_t wall = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
  auto ok = get(sam, wall - day, wall + day);
  REQUIRE(ok.status == 200);
  CHECK(ok.headers["content-type"].rfind("text/csv", 0) == 0);
  CHECK(ok.body.rfind("conversation_id,customer,channel,queue,agent,", 0) == 0);
  const std::string row = std::to_string(id) + ",";
  CHECK(ok.body.find("\r\n" + row) != std::string::npos);
  CHECK(ok.body.find(",Alice Chen,assigned,") != std::string::npos);
}

TEST_CASE("a supervisor reassigns any conversation, agents and unknown targets are refused",
          "[integration]") {
  TestServer server;
  auto alice = demo_staff(server, "alice");
  go_online(*alice, "s-1");
  std::vector<std::unique_ptr<WsClient>> customers;
  const auto id = new_chat(server, customers, "Where is my parcel?");
  alice->next_of_type("conversation");
  auto bob = demo_staff(server, "bob");
  go_online(*bob, "s-2");
  auto sam = demo_staff(server, "sam");
  auto transfer = [&](json::object target, const char* ref) {
    json::object o{{"type", "transfer"}, {"client_id", ref}, {"conversation_id", id}};
    for (auto& [k, v] : target) o[k] = v;
    return o;
  };
  const std::int64_t bob_id = 2;
  const std::string transfers =
      "SELECT COUNT(*) FROM events WHERE type = 'conversation_transferred'";

  // Bob (an agent) may not move Alice's conversation; unknown conversation or agent: refused.
  bob->send_json(transfer({{"to_agent", bob_id}}, "b-1"));
  CHECK(text_at(bob->next_of_type("error"), "code") == "not_found");
  json::object unknown{
      {"type", "transfer"}, {"client_id", "f-1"}, {"conversation_id", 999}, {"to_agent", bob_id}};
  sam->send_json(unknown);
  CHECK(text_at(sam->next_of_type("error"), "code") == "not_found");
  sam->send_json(transfer({{"to_agent", 999}}, "f-2"));
  CHECK(text_at(sam->next_of_type("error"), "code") == "conflict");
  CHECK_FALSE(bob->quiet_for(300).has_value());
  CHECK(count_rows(server, transfers) == 0);

  // The supervisor hands it to Bob by id: Bob gets it, Alice's list drops it.
  sam->send_json(transfer({{"to_agent", bob_id}}, "f-3"));
  CHECK(text_at(sam->next_of_type("ack"), "ref") == "f-3");
  auto got = bob->next_of_type("conversation").at("conversation");
  CHECK(got.at("id").as_int64() == id);
  CHECK(got.at("agent").at("name").as_string() == "Bob Li");
  server.stop();
  CHECK(count_rows(server, transfers) == 1);
}
