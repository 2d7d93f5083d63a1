#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Moving work on the floor through the real `kefu serve`: a queue's waiting chats moved at once
// (move_waiting), agents told what a supervisor did with their conversations (`reassigned`), and
// the refusals that change nothing.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

json::object move(const char* ref, json::object target) {
  json::object o{{"type", "move_waiting"}, {"client_id", ref}, {"from_queue", "general"}};
  for (auto& [k, v] : target) o[k] = v;
  return o;
}

const char* kTransfers = "SELECT COUNT(*) FROM events WHERE type = 'conversation_transferred'";

}  // namespace

TEST_CASE("a supervisor moves a queue's waiting chats to an agent, who is told", "[integration]") {
  TestServer server;
  auto alice = demo_staff(server, "alice");
  go_online(*alice);
  std::vector<std::unique_ptr<WsClient>> customers;
  const std::int64_t id = new_chat(server, customers, "Where is my parcel?");
  alice->next_of_type("conversation");
  // Alice sends it back to the queue: she may not get it again from routing, and nobody else
  // is online, so it waits.
  alice->send_json(json::object{{"type", "transfer"},
                                {"client_id", "t-1"},
                                {"conversation_id", id},
                                {"to_queue", "general"}});
  alice->next_of_type("ack");
  CHECK(alice->next_of_type("conversation").at("conversation").at("status").as_string() ==
        "queued");
  const std::int64_t before = count_rows(server, kTransfers);

  auto sam = demo_staff(server, "sam");
  sam->send_json(move("m-1", {{"to_agent", 1}}));
  auto summary = sam->next_of_type("waiting_moved");
  CHECK(text_at(summary, "ref") == "m-1");
  CHECK(summary.at("moved").as_array() == json::array{id});
  CHECK(summary.at("kept").as_array().empty());
  CHECK(text_at(sam->next_of_type("ack"), "ref") == "m-1");
  auto told = alice->next_of_type("reassigned");
  CHECK(told.at("conversations").at(0).at("id").as_int64() == id);
  CHECK(told.at("to").at("agent").at("name").as_string() == "Alice Chen");
  CHECK(told.at("by").at("name").as_string() == "Sam Taylor");
  auto got = alice->next_of_type("conversation").at("conversation");
  CHECK(got.at("id").as_int64() == id);
  CHECK(got.at("status").as_string() == "assigned");
  server.stop();
  CHECK(count_rows(server, kTransfers) == before + 1);
}

TEST_CASE("an agent whose conversation a supervisor reassigns is told where it went",
          "[integration]") {
  TestServer server;
  auto alice = demo_staff(server, "alice");
  go_online(*alice);
  std::vector<std::unique_ptr<WsClient>> customers;
  const std::int64_t id = new_chat(server, customers, "Can I change my address?");
  alice->next_of_type("conversation");
  auto bob = demo_staff(server, "bob");
  go_online(*bob);
  auto sam = demo_staff(server, "sam");
  sam->send_json(json::object{
      {"type", "transfer"}, {"client_id", "f-1"}, {"conversation_id", id}, {"to_agent", 2}});
  CHECK(text_at(sam->next_of_type("ack"), "ref") == "f-1");
  auto told = alice->next_of_type("reassigned");
  CHECK(told.at("conversations").at(0).at("id").as_int64() == id);
  CHECK(told.at("to").at("agent").at("name").as_string() == "Bob Li");
  CHECK(told.at("by").at("name").as_string() == "Sam Taylor");
  // Bob receives it as usual and is not sent a notice of his own.
  CHECK(bob->next_of_type("conversation").at("conversation").at("id").as_int64() == id);
  // Moved to a queue: the notice names the queue.
  sam->send_json(json::object{{"type", "transfer"},
                              {"client_id", "f-2"},
                              {"conversation_id", id},
                              {"to_queue", "general"}});
  CHECK(text_at(sam->next_of_type("ack"), "ref") == "f-2");
  CHECK(bob->next_of_type("reassigned").at("to").at("queue").as_string() == "general");
}

TEST_CASE("moving waiting chats is refused to agents and for bad targets, changing nothing",
          "[integration]") {
  TestServer server;
  auto alice = demo_staff(server, "alice");  // signed in, away: takes no chats
  alice->send_json(json::object{{"type", "status"}, {"client_id", "s-1"}, {"status", "away"}});
  alice->next_of_type("ack");
  std::vector<std::unique_ptr<WsClient>> customers;
  new_chat(server, customers, "Hello?");
  new_chat(server, customers, "Anyone?");
  auto sam = demo_staff(server, "sam");
  const std::int64_t before = count_rows(server, kTransfers);

  alice->send_json(move("a-1", {{"to_queue", "tickets"}}));
  CHECK(text_at(alice->next_of_type("error"), "code") == "forbidden");
  sam->send_json(move("m-1", {{"to_agent", 999}}));
  CHECK(text_at(sam->next_of_type("error"), "code") == "not_found");
  sam->send_json(move("m-2", {{"to_agent", 4}}));  // Sam himself: a supervisor, not an agent
  CHECK(text_at(sam->next_of_type("error"), "code") == "not_found");
  sam->send_json(move("m-3", {{"to_agent", 1}}));  // Alice is away
  CHECK(text_at(sam->next_of_type("error"), "code") == "conflict");
  sam->send_json(move("m-4", {{"to_queue", "tickets"}}));  // another channel
  CHECK(text_at(sam->next_of_type("error"), "code") == "conflict");
  sam->send_json(move("m-5", {{"to_queue", "nowhere"}}));
  CHECK(text_at(sam->next_of_type("error"), "code") == "conflict");
  sam->send_json(move("m-6", {{"to_queue", "general"}}));
  CHECK(text_at(sam->next_of_type("error"), "code") == "conflict");
  sam->send_json(move("m-7", {{"to_queue", "tickets"}, {"to_agent", 1}}));
  CHECK(text_at(sam->next_of_type("error"), "code") == "bad_field");
  sam->send_json(json::object{{"type", "move_waiting"}, {"client_id", "m-8"}, {"to_agent", 1}});
  CHECK(text_at(sam->next_of_type("error"), "code") == "bad_field");
  // Nobody else heard of it and nothing moved: both chats still wait.
  CHECK_FALSE(alice->quiet_for(300).has_value());
  for (auto& customer : customers) {
    auto seen = customer->quiet_for(200);
    if (seen) CHECK(text_at(*seen, "type") == "queue");
  }
  server.stop();
  CHECK(count_rows(server, kTransfers) == before);
  CHECK(count_rows(
            server,
            "SELECT COUNT(*) FROM conversations WHERE status = 'queued' AND queue = 'general'") ==
        2);
}

TEST_CASE("a supervisor moves a queue's waiting chats to another queue of its channel",
          "[integration]") {
  TestServer server;
  // The admin's own chat queue, above the built-in one: new chats wait there (nobody is online).
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const json::object billing{{"name", "billing"}, {"channel", "chat"}, {"team", "support"},
                             {"skill", "orders"}, {"min_level", 1},    {"language", ""},
                             {"priority", 2},     {"segment", ""},     {"offer_mode", "assign"}};
  REQUIRE(http_request(server.port(), "POST", "/api/admin/queues", json::serialize(billing),
                       {{"Cookie", "kefu_session=" + admin}})
              .status == 201);
  std::vector<std::unique_ptr<WsClient>> customers;
  const auto first = new_chat(server, customers, "Invoice?");
  const auto second = new_chat(server, customers, "Refund?");
  auto sam = demo_staff(server, "sam");
  json::object order{{"type", "move_waiting"},
                     {"client_id", "q-1"},
                     {"from_queue", "billing"},
                     {"to_queue", "general"}};
  sam->send_json(order);
  const auto moved = sam->next_of_type("waiting_moved");
  CHECK(moved.at("moved").as_array().size() == 2);
  sam->next_of_type("ack");
  server.stop();
  const std::string where =
      "SELECT COUNT(*) FROM conversations WHERE status = 'queued' AND id IN (" +
      std::to_string(first) + ", " + std::to_string(second) + ")";
  CHECK(count_rows(server, where + " AND queue = 'general'") == 2);
  CHECK(count_rows(server, kTransfers) == 2);
}
