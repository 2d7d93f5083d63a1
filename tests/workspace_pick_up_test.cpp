
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "server/store/sql/statement.hpp"
#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Picking a waiting conversation up from the Unassigned view (docs/protocol.md, `pick_up`):
// only an agent who serves the queue, online with a free slot, takes it; every refusal is a
// typed error that changes nothing (the conversation waits, nothing is logged).

using namespace kefu::testing;
namespace json = boost::json;

namespace {

// The answer (ack or error) to the command sent with `ref`, skipping other frames.
json::object answer_to(WsClient& ws, const std::string& ref) {
  for (int i = 0; i < 50; ++i) {
    auto frame = ws.next(5000).as_object();
    const auto* r = frame.if_contains("ref");
    if ((frame.at("type") == "ack" || frame.at("type") == "error") && r && r->is_string() &&
        r->as_string() == ref) {
      return frame;
    }
  }
  FAIL("no answer to " << ref);
  return {};
}

std::string error_code(const json::object& frame) {
  REQUIRE(frame.at("type") == "error");
  return std::string(frame.at("code").as_string());
}

struct Row {
  std::string status;
  std::int64_t agent = 0;
  std::int64_t events = 0;
};

Row row(const TestServer& server, std::int64_t conversation) {
  // A health probe answers after what was written before it is committed.
  REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);
  const auto db = server.reader();
  kefu::sql::Statement s(*db,
                         "SELECT status, COALESCE(agent_id, 0) FROM conversations WHERE id = ?");
  s.bind(1, conversation);
  REQUIRE(s.step());
  Row r{s.column(0).text(), s.column(1).int64(), 0};
  // This conversation's routing in the log (what a pick-up writes): the back office may still
  // be logging other things of it (suggestions, answers shown) meanwhile.
  kefu::sql::Statement events(*db,
                              "SELECT COUNT(*) FROM events WHERE conversation_id = ? AND type IN "
                              "('conversation_queued', 'conversation_assigned', "
                              "'conversation_transferred', 'conversation_overflowed')");
  events.bind(1, conversation);
  REQUIRE(events.step());
  r.events = events.column(0).int64();
  return r;
}

// Reads the customer's frames up to the `conversation` update saying that `id` waits again
// (the assignment's update, sent before it, is read past).
void waiting_again(WsClient& customer, std::int64_t id) {
  for (int i = 0; i < 50; ++i) {
    const auto frame = customer.next(5000);
    if (text_at(frame, "type") != "conversation") continue;
    const auto& c = frame.at("conversation");
    if (number_at(c, "id") == id && text_at(c, "status") == "queued") return;
  }
  FAIL("the customer never heard that conversation " << id << " waits again");
}

std::string pick_up(const std::string& ref, std::int64_t conversation) {
  return json::serialize(
      json::object{{"type", "pick_up"}, {"client_id", ref}, {"conversation_id", conversation}});
}

}  // namespace

TEST_CASE("an agent picks a waiting conversation up only where the queue allows it",
          "[integration][workspace][routing]") {
  TestServer server;
  const auto alice_cookie = log_in(server.port(), "alice", "alice-demo-pass");
  auto alice = WsClient::staff(server.port(), server.origin(), alice_cookie);
  const auto welcome = alice->next_of_type("welcome");
  const auto alice_id = welcome.at("user").at("id").as_int64();
  alice->send(R"({"type":"status","client_id":"s1","status":"online"})");
  REQUIRE(answer_to(*alice, "s1").at("type") == "ack");

  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"Which tea for a cold?"})");
  const auto chat = customer->next_of_type("ack").at("conversation_id").as_int64();
  alice->next_of_type("conversation");
  // Alice sends it back to the queue: it waits (routing never offers it to her again).
  alice->send(R"({"type":"transfer","client_id":"t1","conversation_id":)" + std::to_string(chat) +
              R"(,"to_queue":"general"})");
  REQUIRE(answer_to(*alice, "t1").at("type") == "ack");
  // The customer hears of the requeue once it is stored, after the ack: wait for that update so
  // that a refusal below is not blamed for it.
  waiting_again(*customer, chat);
  const Row waiting = row(server, chat);
  REQUIRE(waiting.status == "queued");

  SECTION("refusals are typed and change nothing") {
    customer->send(pick_up("c2", chat));
    CHECK(error_code(answer_to(*customer, "c2")) == "unknown_type");

    auto sam = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "sam", "sam-demo-pass"));
    sam->next_of_type("welcome");
    sam->send(pick_up("p1", chat));
    CHECK(error_code(answer_to(*sam, "p1")) == "forbidden");

    alice->send(pick_up("p2", 999999));
    CHECK(error_code(answer_to(*alice, "p2")) == "not_found");
    alice->send(R"({"type":"pick_up","client_id":"p3","conversation_id":"x"})");
    CHECK(error_code(answer_to(*alice, "p3")) == "bad_field");
    alice->send(R"({"type":"pick_up","client_id":"p4"})");
    CHECK(error_code(answer_to(*alice, "p4")) == "bad_field");

    alice->send(R"({"type":"status","client_id":"s2","status":"away"})");
    REQUIRE(answer_to(*alice, "s2").at("type") == "ack");
    alice->send(pick_up("p5", chat));
    CHECK(error_code(answer_to(*alice, "p5")) == "not_online");

    const Row after = row(server, chat);
    CHECK(after.status == "queued");
    CHECK(after.agent == waiting.agent);
    // Nothing was logged of this conversation (only Alice's two status changes, of her).
    CHECK(after.events == waiting.events);
    // The customer was told of no agent (queue places may still move).
    while (auto frame = customer->quiet_for(300)) {
      const auto& f = frame->as_object();
      CHECK(f.at("type") != "conversation");
      CHECK(f.at("type") != "agent_joined");
    }
  }

  SECTION("an agent with no free slot is refused and the chat keeps waiting") {
    // Three chats (alice's chat capacity) come to her; the waiting one stays in the queue.
    std::vector<std::unique_ptr<WsClient>> others;
    for (int i = 0; i < 3; ++i) {
      others.push_back(
          WsClient::customer(server.port(), server.origin(), new_visitor(server.port())));
      others.back()->next_of_type("welcome");
      others.back()->send(R"({"type":"message","client_id":"o1","text":"Another question"})");
      others.back()->next_of_type("ack");
    }
    auto assigned_to_alice = [&] {
      REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);
      return count_rows(server,
                        "SELECT COUNT(*) FROM conversations WHERE status = 'assigned' AND "
                        "agent_id = " +
                            std::to_string(alice_id));
    };
    for (int i = 0; i < 50 && assigned_to_alice() < 3; ++i) alice->quiet_for(100);
    REQUIRE(assigned_to_alice() == 3);
    const Row full = row(server, chat);
    alice->send(pick_up("p8", chat));
    CHECK(error_code(answer_to(*alice, "p8")) == "no_capacity");
    const Row after = row(server, chat);
    CHECK(after.status == "queued");
    CHECK(after.events == full.events);
  }

  SECTION("the agent who serves the queue takes it, once") {
    alice->send(pick_up("p6", chat));
    const auto ack = answer_to(*alice, "p6");
    REQUIRE(ack.at("type") == "ack");
    CHECK(ack.at("conversation_id").as_int64() == chat);
    const Row taken = row(server, chat);
    CHECK(taken.status == "assigned");
    CHECK(taken.agent == alice_id);
    alice->send(pick_up("p7", chat));
    CHECK(error_code(answer_to(*alice, "p7")) == "not_waiting");
    CHECK(row(server, chat).events == taken.events);
  }
}
