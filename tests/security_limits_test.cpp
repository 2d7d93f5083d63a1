#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/loopback_clients.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Limits per person and per address (docs/security/limits.md) against the real server: a
// customer's or staff member's sockets share one budget, tickets per visitor, new visitor
// tokens per address. Each refusal is checked along with what it must not have changed.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t rows(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

// Frames of `socket` until `expected` answers (ack or error) with a ref have come; counts
// them by kind.
struct Answers {
  int acks = 0;
  int limited = 0;
  int other = 0;
};

void collect(WsClient& socket, int expected, Answers& answers) {
  for (int seen = 0; seen < expected;) {
    auto frame = socket.next(5000);
    const auto type = text_at(frame, "type");
    if (type == "ack") {
      ++answers.acks;
    } else if (type == "error" && text_at(frame, "code") == "rate_limited") {
      ++answers.limited;
    } else if (type == "error") {
      ++answers.other;
    } else {
      continue;
    }
    ++seen;
  }
}

std::string ticket_body(int n) {
  return json::serialize(json::object{{"subject", "Broken lamp " + std::to_string(n)},
                                      {"text", "It flickers."},
                                      {"email", "lamp@example.com"}});
}

}  // namespace

TEST_CASE("a customer's ten sockets share one message budget", "[integration][limits]") {
  TestServer server({"--customer-rate", "5"});  // bursts of 10
  const std::string token = new_visitor(server.port());
  std::vector<std::unique_ptr<WsClient>> sockets;
  for (int i = 0; i < 10; ++i) {
    sockets.push_back(WsClient::customer(server.port(), server.origin(), token));
    sockets.back()->next_of_type("welcome");
  }
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) {
    for (int j = 0; j < 10; ++j) {
      sockets[static_cast<std::size_t>(i)]->send(R"({"type":"message","client_id":"m)" +
                                                 std::to_string(i * 10 + j) +
                                                 R"(","text":"hello"})");
    }
  }
  Answers answers;
  for (auto& s : sockets) collect(*s, 10, answers);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // One burst of 10 and 5 a second since, for all ten sockets together (each socket alone
  // used to get its own burst: 100 acks).
  CHECK(answers.acks >= 10);
  CHECK(answers.acks <= 10 + static_cast<int>(5 * seconds) + 1);
  CHECK(answers.limited == 100 - answers.acks);
  CHECK(answers.other == 0);
  // Only what was acknowledged was stored.
  CHECK(rows(server, "SELECT COUNT(*) FROM messages WHERE author_kind = 'customer'") ==
        answers.acks);
  // Another customer is not held up by the first one's spending.
  auto other = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  other->next_of_type("welcome");
  other->send(R"({"type":"message","client_id":"o1","text":"my turn"})");
  CHECK(text_at(other->next_of_type("ack"), "ref") == "o1");
}

TEST_CASE("a staff member's sockets share one command budget", "[integration][limits]") {
  TestServer server({"--staff-rate", "2"});  // bursts of 4
  const std::string cookie = log_in(server.port(), "alice", "alice-demo-pass");
  REQUIRE(!cookie.empty());
  std::vector<std::unique_ptr<WsClient>> sockets;
  for (int i = 0; i < 5; ++i) {
    sockets.push_back(WsClient::staff(server.port(), server.origin(), cookie));
    sockets.back()->next_of_type("welcome");
  }
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 6; ++j) {
      // Resolving a conversation that does not exist: answered not_found when within budget.
      sockets[static_cast<std::size_t>(i)]->send(
          R"({"type":"resolve","conversation_id":999999,"client_id":"r)" +
          std::to_string(i * 6 + j) + R"("})");
    }
  }
  Answers answers;
  for (auto& s : sockets) collect(*s, 6, answers);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Within budget: the burst of 4 and 2 a second since (each socket alone used to get 4).
  CHECK(answers.other >= 4);
  CHECK(answers.other <= 4 + static_cast<int>(2 * seconds) + 1);
  CHECK(answers.limited == 30 - answers.other);
  // Bob has his own budget.
  auto bob = WsClient::staff(server.port(), server.origin(),
                             log_in(server.port(), "bob", "bob-demo-pass"));
  bob->next_of_type("welcome");
  bob->send(R"({"type":"resolve","conversation_id":999999,"client_id":"b1"})");
  auto answer = bob->next_of_type("error");
  CHECK(text_at(answer, "code") == "not_found");
}

TEST_CASE("a visitor opens a limited number of tickets, the refused one stores nothing",
          "[integration][limits]") {
  TestServer server({"--tickets-per-hour", "3"});
  const std::string token = new_visitor(server.port());
  const std::map<std::string, std::string> headers{{"Authorization", "Bearer " + token},
                                                   {"Content-Type", "application/json"}};
  for (int i = 0; i < 3; ++i) {
    CHECK(http_request(server.port(), "POST", "/api/tickets", ticket_body(i), headers).status ==
          201);
  }
  // The tickets' routing is logged after their 201: a health probe commits behind it.
  REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);
  const auto tickets = rows(server, "SELECT COUNT(*) FROM conversations");
  const auto messages = rows(server, "SELECT COUNT(*) FROM messages");
  const auto events = rows(server, "SELECT COUNT(*) FROM events");
  const auto refused = http_request(server.port(), "POST", "/api/tickets", ticket_body(4), headers);
  REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);
  CHECK(refused.status == 429);
  CHECK(text_at(json::parse(refused.body), "error") == "rate_limited");
  REQUIRE(refused.headers.count("retry-after") == 1);
  CHECK(std::stoi(refused.headers.at("retry-after")) >= 1);
  CHECK(rows(server, "SELECT COUNT(*) FROM conversations") == tickets);
  CHECK(rows(server, "SELECT COUNT(*) FROM messages") == messages);
  CHECK(rows(server, "SELECT COUNT(*) FROM events") == events);
  // Another visitor is not refused.
  CHECK(http_request(server.port(), "POST", "/api/tickets", ticket_body(5),
                     {{"Authorization", "Bearer " + new_visitor(server.port())},
                      {"Content-Type", "application/json"}})
            .status == 201);
}

TEST_CASE(
    "an address gets a limited number of new visitor tokens, a known token is still "
    "answered and other addresses are not refused",
    "[integration][limits]") {
  TestServer server({"--visitors-per-minute", "4"});
  AddressedRequest from_a{
      "127.0.0.2", "POST", "/api/widget/visitor", "{}", {{"Content-Type", "application/json"}}};
  std::string first_token;
  for (int i = 0; i < 4; ++i) {
    const auto r = http_request_from(server.port(), from_a);
    REQUIRE(r.status == 200);
    if (i == 0) first_token = text_at(json::parse(r.body), "token");
  }
  const auto visitors = rows(server, "SELECT COUNT(*) FROM visitors");
  const auto customers = rows(server, "SELECT COUNT(*) FROM customers");
  const auto refused = http_request_from(server.port(), from_a);
  CHECK(refused.status == 429);
  CHECK(text_at(json::parse(refused.body), "error") == "rate_limited");
  REQUIRE(refused.headers.count("retry-after") == 1);
  CHECK(std::stoi(refused.headers.at("retry-after")) >= 1);
  CHECK(rows(server, "SELECT COUNT(*) FROM visitors") == visitors);
  CHECK(rows(server, "SELECT COUNT(*) FROM customers") == customers);
  // A visitor who already has a token gets it back: the limit is on new tokens only.
  AddressedRequest again = from_a;
  again.body = json::serialize(json::object{{"token", first_token}});
  const auto known = http_request_from(server.port(), again);
  CHECK(known.status == 200);
  CHECK(text_at(json::parse(known.body), "token") == first_token);
  // Another address has its own budget.
  AddressedRequest from_b = from_a;
  from_b.source = "127.0.0.3";
  CHECK(http_request_from(server.port(), from_b).status == 200);
  CHECK(rows(server, "SELECT COUNT(*) FROM visitors") == visitors + 1);
}
