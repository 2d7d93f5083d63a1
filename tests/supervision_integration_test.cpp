#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Monitor, whisper and take over through the real `kefu serve`, with real WebSocket clients:
// Alice (agent) serves a customer while Sam (supervisor) watches, whispers and takes over.

using namespace kefu::testing;
namespace json = boost::json;

namespace {}  // namespace

TEST_CASE("a supervisor monitors, whispers and takes over through the server", "[integration]") {
  TestServer server;
  auto alice = demo_staff(server, "alice");
  auto sam = demo_staff(server, "sam");
  std::vector<std::unique_ptr<WsClient>> customers;
  const auto id = new_chat(server, customers, "Where is my parcel?");
  auto& customer = customers.back();
  CHECK(alice->next_of_type("conversation").at("conversation").at("id").as_int64() == id);

  // The supervisor screen lists it in the kpi frame, with its SLA fields.
  bool listed = false;
  for (int i = 0; i < 5 && !listed; ++i) {
    auto kpi = sam->next_of_type("kpi", 3000);
    for (const auto& c : kpi.at("conversations").as_array()) {
      if (c.at("id").as_int64() == id) {
        listed = true;
        CHECK(c.at("sla_target_ms").as_int64() > 0);
        CHECK(c.at("sla_risk").is_string());
      }
    }
  }
  CHECK(listed);

  sam->send_json(json::object{{"type", "monitor"}, {"client_id", "m-1"}, {"conversation_id", id}});
  CHECK(sam->next_of_type("conversation").at("conversation").at("id").as_int64() == id);
  CHECK(text_at(sam->next_of_type("ack"), "ref") == "m-1");
  sam->send_json(json::object{{"type", "sync"}, {"conversation_id", id}, {"after_seq", 0}});
  CHECK(text_at(sam->next_of_type("message"), "text") == "Where is my parcel?");

  alice->send_json(json::object{{"type", "message"},
                                {"client_id", "a-1"},
                                {"conversation_id", id},
                                {"text", "Let me check."}});
  CHECK(text_at(sam->next_of_type("message"), "text") == "Let me check.");

  sam->send_json(json::object{{"type", "whisper"},
                              {"client_id", "w-1"},
                              {"conversation_id", id},
                              {"text", "Offer the express upgrade"}});
  CHECK(text_at(sam->next_of_type("ack"), "ref") == "w-1");
  auto whisper = alice->next_of_type("whisper");
  CHECK(text_at(whisper, "text") == "Offer the express upgrade");
  CHECK(whisper.at("author").at("name").as_string() == "Sam Taylor");
  // The customer hears the agent's reply and nothing of the whisper.
  CHECK(text_at(customer->next_of_type("message"), "text") == "Let me check.");
  CHECK_FALSE(customer->quiet_for(300).has_value());

  // An agent trying the same gets a typed error.
  alice->send_json(json::object{
      {"type", "whisper"}, {"client_id", "w-2"}, {"conversation_id", id}, {"text", "hi"}});
  auto refused = alice->next_of_type("error");
  CHECK(text_at(refused, "code") == "forbidden");
  CHECK(text_at(refused, "ref") == "w-2");

  sam->send_json(
      json::object{{"type", "take_over"}, {"client_id", "t-1"}, {"conversation_id", id}});
  auto told = alice->next_of_type("taken_over");
  CHECK(told.at("conversation_id").as_int64() == id);
  CHECK(told.at("by").at("name").as_string() == "Sam Taylor");
  CHECK(text_at(sam->next_of_type("ack"), "ref") == "t-1");
  CHECK(customer->next_of_type("conversation")
            .at("conversation")
            .at("agent")
            .at("name")
            .as_string() == "Sam Taylor");

  sam->send_json(json::object{{"type", "message"},
                              {"client_id", "s-1"},
                              {"conversation_id", id},
                              {"text", "I am the team lead; it ships today."}});
  CHECK(customer->next_of_type("message").at("author").at("name").as_string() == "Sam Taylor");

  // A reconnecting supervisor finds the conversation in their welcome.
  auto again = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "sam", "sam-demo-pass"));
  auto welcome = again->next_of_type("welcome");
  REQUIRE(welcome.at("conversations").as_array().size() == 1);
  CHECK(welcome.at("conversations").as_array()[0].at("id").as_int64() == id);

  server.stop();
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'monitor_started'") == 1);
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'whisper_sent'") == 1);
  CHECK(count_rows(server,
                   "SELECT COUNT(*) FROM events WHERE type = 'conversation_transferred' "
                   "AND " +
                       json_text(server, "data", "by") + " = 'take_over'") == 1);
  // Events hold no text: the whisper's words are nowhere in the log.
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE data LIKE '%express%'") == 0);
  CHECK(count_rows(server, "SELECT COUNT(*) FROM messages WHERE body LIKE '%express%'") == 0);
}
