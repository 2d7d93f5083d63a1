#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The address a visitor leaves with the widget's message form is kept where the agent sees it:
// an unverified email identity of the ticket's customer, in the customer view beside the ticket.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

// Every email identity in the store (the demo customers hold some).
const char* const kEmails = "SELECT COUNT(*) FROM customer_identities WHERE kind = 'email'";

std::int64_t count(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

HttpReply ticket(const TestServer& server, const std::string& token, const std::string& email) {
  return http_request(server.port(), "POST", "/api/tickets",
                      json::serialize(json::object{{"subject", "Dented tin"},
                                                   {"text", "My Longjing tin arrived dented."},
                                                   {"email", email}}),
                      {{"Authorization", "Bearer " + token}, {"Origin", server.origin()}});
}

}  // namespace

TEST_CASE("the address left with a ticket is kept as the customer's unverified email",
          "[integration][workspace]") {
  TestServer server;
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "wei", "wei-demo-pass"));
  agent->next_of_type("welcome");
  const std::string token = new_visitor(server.port());
  const auto emails = count(server, kEmails);

  // Not an address: refused, and neither a ticket nor an identity is stored.
  auto bad = ticket(server, token, "mei.lin at example");
  CHECK(bad.status == 400);
  CHECK(json::parse(bad.body).at("error") == "invalid_email");
  CHECK(count(server, "SELECT COUNT(*) FROM conversations") == 0);
  CHECK(count(server, kEmails) == emails);
  CHECK_FALSE(agent->quiet_for(300).has_value());

  auto good = ticket(server, token, "Mei.Lin@Example.com");
  REQUIRE(good.status == 201);
  const auto id = json::parse(good.body).at("conversation_id").as_int64();
  CHECK(count(server,
              "SELECT COUNT(*) FROM customer_identities i JOIN visitors v "
              "ON v.customer_id = i.customer_id WHERE i.kind = 'email' "
              "AND i.value = 'Mei.Lin@Example.com' AND i.verified = 0") == 1);
  // The agent who gets the ticket sees the address in the customer view.
  CHECK(agent->next_of_type("conversation").at("conversation").at("id").as_int64() == id);
  auto view = agent->next_of_type("customer_view", 5000);
  CHECK(view.at("conversation_id").as_int64() == id);
  bool shown = false;
  for (const auto& identity : view.at("customer").at("identities").as_array())
    shown =
        shown || (identity.at("kind") == "email" && identity.at("value") == "Mei.Lin@Example.com" &&
                  identity.at("verified") == false);
  CHECK(shown);
}

TEST_CASE("a visitor holding too many addresses cannot add one more with a ticket",
          "[integration][workspace]") {
  TestServer server;
  const std::string token = new_visitor(server.port());
  const auto emails = count(server, kEmails);
  for (int i = 0; i < 5; ++i) {
    auto claim =
        http_request(server.port(), "POST", "/api/widget/claim",
                     R"({"kind":"email","value":"a)" + std::to_string(i) + R"(@example.com"})",
                     {{"Authorization", "Bearer " + token}, {"Origin", server.origin()}});
    REQUIRE(claim.status == 200);
  }
  auto refused = ticket(server, token, "sixth@example.com");
  CHECK(refused.status == 429);
  CHECK(json::parse(refused.body).at("error") == "too_many_claims");
  CHECK(count(server, "SELECT COUNT(*) FROM conversations") == 0);
  CHECK(count(server, kEmails) == emails + 5);
  // An address the visitor already gave is no new claim: the ticket opens.
  CHECK(ticket(server, token, "a3@example.com").status == 201);
  CHECK(count(server, "SELECT COUNT(*) FROM conversations") == 1);
}
