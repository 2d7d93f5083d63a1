#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Routing through the real server with real clients: three agents of different capacities,
// twenty customers. Every customer is answered by an agent, no agent ever holds more than
// their capacity, and every customer who waited saw their position fall to zero.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::string text(const json::value& v, const char* key) {
  return std::string(v.as_object().at(key).as_string());
}

struct AgentSide {
  std::string login;
  int capacity = 0;
  std::unique_ptr<WsClient> socket;
  std::set<std::int64_t> holding;
  std::size_t most_held = 0;
};

}  // namespace

TEST_CASE("three agents, twenty customers: everyone answered, capacity kept, positions fall",
          "[integration][routing]") {
  TestServer server({"--customer-rate", "100"});
  std::vector<AgentSide> agents(3);
  const std::vector<std::pair<std::string, int>> staff = {{"ann", 1}, {"ben", 2}, {"cat", 3}};
  for (std::size_t i = 0; i < staff.size(); ++i) {
    REQUIRE(
        run_kefu(server.on_database(
            {"user", "add"}, {"--login", staff[i].first, "--name", staff[i].first,
                              "--chat-capacity", std::to_string(staff[i].second), "--skill",
                              i == 0 ? "returns:4" : "orders:2", "--language", i == 2 ? "zh" : "en",
                              "--password", "password-" + staff[i].first})) == 0);
    agents[i].login = staff[i].first;
    agents[i].capacity = staff[i].second;
    agents[i].socket =
        WsClient::staff(server.port(), server.origin(),
                        log_in(server.port(), staff[i].first, "password-" + staff[i].first));
    agents[i].socket->next_of_type("welcome");
  }
  struct CustomerSide {
    std::unique_ptr<WsClient> socket;
    std::int64_t conversation = 0;
    std::vector<int> positions;
    bool answered = false;
  };
  std::vector<CustomerSide> customers(20);
  std::map<std::int64_t, std::size_t> by_conversation;
  for (std::size_t i = 0; i < customers.size(); ++i) {
    customers[i].socket =
        WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
    customers[i].socket->next_of_type("welcome");
    customers[i].socket->send(R"({"type":"message","client_id":"hello","text":"Hi, I need help"})");
  }
  // Pump every socket: agents answer and resolve what they get; customers record positions.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::size_t answered = 0;
  while (answered < customers.size() && std::chrono::steady_clock::now() < deadline) {
    for (auto& c : customers) {
      while (auto frame = c.socket->quiet_for(5)) {
        const auto type = text(*frame, "type");
        if (type == "ack") {
          c.conversation = frame->at("conversation_id").as_int64();
          by_conversation[c.conversation] = static_cast<std::size_t>(&c - customers.data());
        }
        if (type == "queue")
          c.positions.push_back(static_cast<int>(frame->at("position").as_int64()));
        if (type == "message" && frame->at("author").at("kind").as_string() == "agent") {
          if (!c.answered) ++answered;
          c.answered = true;
        }
      }
    }
    for (auto& a : agents) {
      while (auto frame = a.socket->quiet_for(5)) {
        if (text(*frame, "type") != "conversation") continue;
        const auto& conv = frame->at("conversation");
        const auto id = conv.at("id").as_int64();
        if (conv.at("status").as_string() != "assigned") {
          a.holding.erase(id);
          continue;
        }
        a.holding.insert(id);
        a.most_held = std::max(a.most_held, a.holding.size());
        const auto cid = std::to_string(id);
        a.socket->send(R"({"type":"message","client_id":"re-)" + cid + R"(","conversation_id":)" +
                       cid + R"(,"text":"How can I help?"})");
        a.socket->send(R"({"type":"resolve","client_id":"done-)" + cid + R"(","conversation_id":)" +
                       cid + "}");
      }
    }
  }
  CHECK(answered == customers.size());
  for (const auto& a : agents) {
    INFO(a.login);
    CHECK(a.most_held <= static_cast<std::size_t>(a.capacity));
    CHECK(a.most_held >= 1);
  }
  for (const auto& c : customers) {
    REQUIRE_FALSE(c.positions.empty());
    CHECK(c.positions.back() == 0);
    for (std::size_t k = 1; k < c.positions.size(); ++k)
      CHECK(c.positions[k] <= c.positions[k - 1]);
  }
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'conversation_assigned'") ==
        20);
}

TEST_CASE("an agent transfers a chat to another agent with a note", "[integration][routing]") {
  TestServer server;
  auto alice = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  alice->next_of_type("welcome");
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"refund please"})");
  const auto id = customer->next_of_type("ack").at("conversation_id").as_int64();
  alice->next_of_type("conversation");
  auto bob = WsClient::staff(server.port(), server.origin(),
                             log_in(server.port(), "bob", "bob-demo-pass"));
  const auto bob_id = bob->next_of_type("welcome").at("user").at("id").as_int64();
  const auto cid = std::to_string(id);
  alice->send(R"({"type":"transfer","client_id":"t1","conversation_id":)" + cid +
              R"(,"to_agent":)" + std::to_string(bob_id) + R"(,"note":"billing knows this"})");
  CHECK(text(alice->next_of_type("ack"), "ref") == "t1");
  auto received = bob->next_of_type("conversation");
  CHECK(received.at("conversation").at("agent").at("id").as_int64() == bob_id);
  CHECK(received.at("conversation").at("transfer_note").as_string() == "billing knows this");
  // Alice is told it left her; she can no longer write to it.
  CHECK(alice->next_of_type("conversation").at("conversation").at("agent").at("id").as_int64() ==
        bob_id);
  alice->send(R"({"type":"message","client_id":"late","conversation_id":)" + cid +
              R"(,"text":"hello?"})");
  CHECK(text(alice->next_of_type("error"), "code") == "not_found");
  // A transfer to an agent who is not online is refused and changes nothing.
  alice->send(R"({"type":"transfer","client_id":"t2","conversation_id":)" + cid +
              R"(,"to_agent":1})");
  CHECK(text(alice->next_of_type("error"), "code") == "not_found");
  bob->send(R"({"type":"transfer","client_id":"t3","conversation_id":)" + cid +
            R"(,"to_agent":3})");
  CHECK(text(bob->next_of_type("error"), "code") == "conflict");
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'conversation_transferred'") ==
        1);
}
