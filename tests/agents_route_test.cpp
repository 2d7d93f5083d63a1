#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// GET /api/agents: the colleagues an agent picks by name when transferring a conversation.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

const json::object* find_agent(const json::array& agents, const std::string& name) {
  for (const auto& a : agents)
    if (a.at("name").as_string() == name) return &a.as_object();
  return nullptr;
}

}  // namespace

TEST_CASE("GET /api/agents lists colleagues with status, load and capacity, for staff only",
          "[integration][workspace]") {
  TestServer server;
  // Without a session, or with one that does not exist: 401, and no list.
  auto anonymous = http_request(server.port(), "GET", "/api/agents");
  CHECK(anonymous.status == 401);
  CHECK(json::parse(anonymous.body).at("error") == "unauthorized");
  CHECK(anonymous.body.find("Alice") == std::string::npos);
  auto forged = http_request(server.port(), "GET", "/api/agents", "",
                             {{"Cookie", "kefu_session=not-a-session"}});
  CHECK(forged.status == 401);
  CHECK(forged.body.find("Alice") == std::string::npos);
  // A visitor token is no staff session either.
  auto visitor = http_request(server.port(), "GET", "/api/agents", "",
                              {{"Authorization", "Bearer " + new_visitor(server.port())}});
  CHECK(visitor.status == 401);
  CHECK(http_request(server.port(), "POST", "/api/agents", "{}",
                     {{"Cookie", "kefu_session=" + log_in(server.port(), "bob", "bob-demo-pass")},
                      {"Origin", server.origin()}})
            .status == 405);

  const std::string alice_cookie = log_in(server.port(), "alice", "alice-demo-pass");
  auto alice = WsClient::staff(server.port(), server.origin(), alice_cookie);
  alice->next_of_type("welcome");
  const std::string bob_cookie = log_in(server.port(), "bob", "bob-demo-pass");
  auto bob = WsClient::staff(server.port(), server.origin(), bob_cookie);
  bob->next_of_type("welcome");
  bob->send(R"({"type":"status","client_id":"s1","status":"away"})");
  bob->next_of_type("ack");

  // A customer's chat goes to Alice, the only agent online.
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"Hello"})");
  customer->next_of_type("ack");
  alice->next_of_type("conversation");

  auto listed = http_request(server.port(), "GET", "/api/agents", "",
                             {{"Cookie", "kefu_session=" + bob_cookie}});
  REQUIRE(listed.status == 200);
  const auto agents = json::parse(listed.body).at("agents").as_array();
  const auto* a = find_agent(agents, "Alice Chen");
  const auto* b = find_agent(agents, "Bob Li");
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  CHECK(a->at("status") == "online");
  CHECK(a->at("load").at("chat") == 1);
  CHECK(a->at("load").at("ticket") == 0);
  CHECK(a->at("capacity").at("chat") == 3);
  CHECK(a->at("capacity").at("ticket") == 5);
  CHECK(a->at("id").as_int64() > 0);
  CHECK(b->at("status") == "away");
  CHECK(b->at("load").at("chat") == 0);
  // Supervisors are not transfer targets.
  CHECK(find_agent(agents, "Sam Taylor") == nullptr);
}
