#include <SQLiteCpp/Database.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <thread>

#include "server/store/sql/connection.hpp"
#include "tests/support/floor_helpers.hpp"
#include "tests/support/local_postgres.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t count(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

// An agent online and a customer who has written once and been assigned to them.
struct Conversation {
  std::unique_ptr<WsClient> agent;
  std::unique_ptr<WsClient> customer;
  std::string token;
  std::int64_t id = 0;
};

Conversation start_chat(TestServer& server, const std::string& agent_login = "alice") {
  Conversation c;
  c.agent = WsClient::staff(server.port(), server.origin(),
                            log_in(server.port(), agent_login, agent_login + "-demo-pass"));
  REQUIRE(text_at(c.agent->next_of_type("welcome"), "status") == "online");
  c.token = new_visitor(server.port());
  c.customer = WsClient::customer(server.port(), server.origin(), c.token);
  c.customer->next_of_type("welcome");
  c.customer->send_json(message_frame("c-1", "Hello, where is my order?"));
  auto ack = c.customer->next_of_type("ack");
  CHECK(text_at(ack, "ref") == "c-1");
  CHECK(number_at(ack, "seq") == 1);
  c.id = number_at(ack, "conversation_id");
  auto assigned = c.agent->next_of_type("conversation");
  CHECK(assigned.at("conversation").at("id").as_int64() == c.id);
  CHECK(assigned.at("conversation").at("status").as_string() == "assigned");
  return c;
}

}  // namespace

TEST_CASE("a customer's message reaches the assigned agent and the reply reaches the customer",
          "[integration]") {
  TestServer server;
  auto chat = start_chat(server);
  // The message was stored before the assignment was announced: the agent syncs it.
  chat.agent->send_json(
      json::object{{"type", "sync"}, {"conversation_id", chat.id}, {"after_seq", 0}});
  auto first = chat.agent->next_of_type("message");
  CHECK(text_at(first, "text") == "Hello, where is my order?");
  CHECK(first.at("author").at("kind").as_string() == "customer");
  CHECK(number_at(chat.agent->next_of_type("synced"), "last_seq") == 1);

  chat.customer->send_json(json::object{{"type", "typing"}, {"conversation_id", chat.id}});
  CHECK(text_at(chat.agent->next_of_type("typing"), "author") == "customer");

  chat.agent->send_json(message_frame("a-1", "It ships today.", chat.id));
  auto ack = chat.agent->next_of_type("ack");
  CHECK(number_at(ack, "seq") == 2);
  auto reply = chat.customer->next_of_type("message");
  CHECK(text_at(reply, "text") == "It ships today.");
  CHECK(number_at(reply, "seq") == 2);
  CHECK(reply.at("author").at("name").as_string() == "Alice Chen");

  chat.customer->send_json(message_frame("c-2", "Thanks!", chat.id));
  CHECK(text_at(chat.agent->next_of_type("message"), "text") == "Thanks!");

  chat.agent->send_json(
      json::object{{"type", "resolve"}, {"client_id", "r-1"}, {"conversation_id", chat.id}});
  CHECK(text_at(chat.agent->next_of_type("ack"), "ref") == "r-1");
  CHECK(chat.customer->next_of_type("conversation").at("conversation").at("status").as_string() ==
        "resolved");

  // Within the reopen window a new message reopens the same conversation, sticky to Alice.
  chat.customer->send_json(message_frame("c-3", "One more thing", chat.id));
  CHECK(number_at(chat.customer->next_of_type("ack"), "conversation_id") == chat.id);
  auto reopened = chat.agent->next_of_type("conversation");
  CHECK(reopened.at("conversation").at("status").as_string() == "assigned");

  CHECK(count(server, "SELECT COUNT(*) FROM messages") == 4);
  CHECK(count(server, "SELECT COUNT(*) FROM events WHERE type = 'conversation_reopened'") == 1);
  CHECK(count(server,
              "SELECT COUNT(*) FROM events WHERE type = 'conversation_assigned' "
              "AND " +
                  json_text(server, "data", "reason") + " = 'sticky'") == 1);
  // ... in the database of the engine this run is for (ctest's `postgresql` label).
  CHECK(server.on_postgres() == testing_on_postgres());
  CHECK(server.reader()->engine() ==
        (testing_on_postgres() ? kefu::sql::Engine::postgresql : kefu::sql::Engine::sqlite));
}

TEST_CASE("a retried client id is acknowledged with the first seq and stores nothing",
          "[integration]") {
  TestServer server;
  auto chat = start_chat(server);
  chat.customer->send_json(message_frame("c-1", "Hello, where is my order?", chat.id));
  auto again = chat.customer->next_of_type("ack");
  CHECK(number_at(again, "seq") == 1);
  CHECK(number_at(again, "conversation_id") == chat.id);
  // The agent is sent nothing new (customer views and suggestions may still be arriving).
  while (auto frame = chat.agent->quiet_for(300)) CHECK(text_at(*frame, "type") != "message");
  CHECK(count(server, "SELECT COUNT(*) FROM messages") == 1);
  CHECK(count(server, "SELECT COUNT(*) FROM events WHERE type = 'message_received'") == 1);
}

TEST_CASE("a client killed mid-conversation reconnects and gets what it missed, once",
          "[integration]") {
  TestServer server;
  auto chat = start_chat(server);
  chat.customer->kill();
  for (int i = 0; i < 3; ++i) {
    chat.agent->send_json(
        message_frame("a-" + std::to_string(i), "reply " + std::to_string(i), chat.id));
    chat.agent->next_of_type("ack");
  }
  auto back = WsClient::customer(server.port(), server.origin(), chat.token);
  auto welcome = back->next_of_type("welcome");
  auto& listed = welcome.at("conversations").as_array();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].at("last_seq").as_int64() == 4);
  back->send_json(json::object{{"type", "sync"}, {"conversation_id", chat.id}, {"after_seq", 1}});
  std::vector<std::int64_t> seqs;
  for (;;) {
    auto frame = back->next();
    if (text_at(frame, "type") == "synced") break;
    if (text_at(frame, "type") == "message") seqs.push_back(number_at(frame, "seq"));
  }
  CHECK(seqs == std::vector<std::int64_t>{2, 3, 4});
  chat.agent->send_json(message_frame("a-9", "still there?", chat.id));
  auto live = back->next_of_type("message");
  CHECK(number_at(live, "seq") == 5);
  CHECK(!back->quiet_for(300).has_value());
}

TEST_CASE("the server restarted between two messages keeps the conversation", "[integration]") {
  TestServer server;
  auto chat = start_chat(server);
  chat.agent->send_json(message_frame("a-1", "Looking into it", chat.id));
  chat.agent->next_of_type("ack");
  server.stop();
  CHECK(server.exit_status() == 0);
  server.start();
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  auto welcome = agent->next_of_type("welcome");
  REQUIRE(welcome.at("conversations").as_array().size() == 1);
  CHECK(welcome.at("conversations").as_array()[0].at("id").as_int64() == chat.id);
  auto customer = WsClient::customer(server.port(), server.origin(), chat.token);
  customer->next_of_type("welcome");
  customer->send_json(message_frame("c-2", "Any news?", chat.id));
  CHECK(number_at(customer->next_of_type("ack"), "seq") == 3);
  CHECK(text_at(agent->next_of_type("message"), "text") == "Any news?");
}

TEST_CASE("a shutdown closes sockets with 1001", "[integration]") {
  TestServer server;
  auto token = new_visitor(server.port());
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  std::thread stopper([&] { server.stop(); });
  CHECK(customer->closed_with(5000) == 1001);
  stopper.join();
  CHECK(server.exit_status() == 0);
}

TEST_CASE("logout revokes the session and closes that user's sockets", "[integration]") {
  TestServer server;
  const auto cookie = log_in(server.port(), "bob", "bob-demo-pass");
  auto agent = WsClient::staff(server.port(), server.origin(), cookie);
  agent->next_of_type("welcome");
  auto reply = http_request(server.port(), "POST", "/api/logout", "",
                            {{"Cookie", "kefu_session=" + cookie}});
  CHECK(reply.status == 204);
  CHECK(agent->closed_with() == 1008);
  CHECK(http_request(server.port(), "GET", "/api/me", "", {{"Cookie", "kefu_session=" + cookie}})
            .status == 401);
  CHECK_THROWS_AS(WsClient::staff(server.port(), server.origin(), cookie), UpgradeRefused);
}

TEST_CASE("a ticket from the widget is routed against ticket capacity", "[integration]") {
  TestServer server;
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "wei", "wei-demo-pass"));
  agent->next_of_type("welcome");
  const auto token = new_visitor(server.port());
  auto reply = http_request(
      server.port(), "POST", "/api/tickets",
      R"({"subject":"Broken zip","text":"It broke on day two.","email":"ann@example.com"})",
      {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  REQUIRE(reply.status == 201);
  const auto id = json::parse(reply.body).at("conversation_id").as_int64();
  auto assigned = agent->next_of_type("conversation");
  CHECK(assigned.at("conversation").at("id").as_int64() == id);
  // The form left an address: the answer goes there by mail (the e-mail channel).
  CHECK(assigned.at("conversation").at("channel").as_string() == "email");
  CHECK(assigned.at("conversation").at("subject").as_string() == "Broken zip");
  CHECK(
      http_request(server.port(), "POST", "/api/tickets", R"({"subject":"x","text":"y"})").status ==
      401);
}

// SQLite's write lock taken by another process: not registered for the PostgreSQL run.
TEST_CASE("healthz answers 200 while the store takes writes and 503 while it cannot",
          "[integration][sqlite_only]") {
  TestServer server;
  auto reply = http_request(server.port(), "GET", "/healthz");
  CHECK(reply.status == 200);
  CHECK(reply.body == "ok\n");
  {
    // Another process holds the write lock longer than the server's busy timeout (5 s). It
    // waits for the server's own start-up writes (the KPI quality settings) before taking it.
    SQLite::Database blocker(server.database(), SQLite::OPEN_READWRITE, 10000);
    blocker.exec("BEGIN EXCLUSIVE");
    CHECK(http_request(server.port(), "GET", "/healthz").status == 503);
    blocker.exec("ROLLBACK");
  }
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("an agent whose client stops answering pings is disconnected after --socket-idle",
          "[integration]") {
  // 2 s, not 1: Alice's client answers no ping while start_chat has the customer write (WsClient
  // reads only while the test waits on it), which may take a second on a loaded machine.
  TestServer server({"--socket-idle", "2", "--agent-grace", "1"});
  auto chat = start_chat(server);
  // From here Alice's client reads nothing, so it answers no ping: a machine gone without a FIN.
  // The server pings it after a second of silence, ends the socket after two, and her grace
  // period starts.
  const auto silent = std::chrono::steady_clock::now();
  for (;;) {
    const auto frame = chat.customer->next_of_type("conversation", 15000);
    if (frame.at("conversation").at("status").as_string() == "queued") break;
  }
  const auto requeued = std::chrono::steady_clock::now() - silent;
  // The socket ends after `silent` (else start_chat would not have seen the assignment), then
  // the grace of 1 s; idle 2 s counted from her client's last byte, a little before `silent`.
  CHECK(requeued >= std::chrono::milliseconds(1000));
  CHECK(requeued < std::chrono::milliseconds(10000));
  CHECK(chat.agent->closed_with(1000) == -1);  // ended without a close frame
  // The customer, whose client answered the pings while the test waited on it, is still there.
  chat.customer->send_json(message_frame("c-2", "still here?", chat.id));
  CHECK(number_at(chat.customer->next_of_type("ack"), "seq") == 2);
}
