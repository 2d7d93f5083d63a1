#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// A past conversation's transcript over REST (docs/protocol.md,
// GET /api/conversations/{id}/messages), through the real server.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

using Headers = std::map<std::string, std::string>;

Headers staff(const TestServer& server, const std::string& login) {
  return {{"Cookie", "kefu_session=" + log_in(server.port(), login, login + "-demo-pass")},
          {"Origin", server.origin()}};
}

std::string error_code(const HttpReply& reply) {
  return std::string(json::parse(reply.body).at("error").as_string());
}

std::int64_t rows(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

}  // namespace

TEST_CASE("staff read a past conversation's transcript in order, paged, with authors' names",
          "[integration][workspace]") {
  TestServer server;
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  agent->next_of_type("welcome");
  const std::string token = new_visitor(server.port());
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  customer->send_json(message_frame("c-1", "My tin of Longjing arrived dented"));
  const auto id = customer->next_of_type("ack").at("conversation_id").as_int64();
  agent->next_of_type("conversation");
  agent->send_json({{"type", "message"},
                    {"client_id", "a-1"},
                    {"conversation_id", id},
                    {"text", "Sorry to hear that, a new tin is on its way"}});
  agent->next_of_type("ack");
  customer->send_json(message_frame("c-2", "Thank you <b>so</b> much"));
  customer->next_of_type("ack");

  const auto bob = staff(server, "bob");
  auto whole = http_request(server.port(), "GET",
                            "/api/conversations/" + std::to_string(id) + "/messages", "", bob);
  REQUIRE(whole.status == 200);
  const auto page = json::parse(whole.body);
  CHECK(page.at("conversation").at("id") == id);
  CHECK(page.at("conversation").at("channel") == "chat");
  CHECK(page.at("conversation").at("agent_name") == "Alice Chen");
  CHECK(page.at("more") == false);
  const auto& messages = page.at("messages").as_array();
  REQUIRE(messages.size() == 3);
  CHECK(messages[0].at("seq") == 1);
  CHECK(messages[0].at("author_kind") == "customer");
  CHECK(messages[0].at("text") == "My tin of Longjing arrived dented");
  CHECK(messages[1].at("author_kind") == "agent");
  CHECK(messages[1].at("author_name") == "Alice Chen");
  CHECK(messages[2].at("text") == "Thank you <b>so</b> much");  // text, as written

  auto first =
      http_request(server.port(), "GET",
                   "/api/conversations/" + std::to_string(id) + "/messages?limit=2", "", bob);
  REQUIRE(first.status == 200);
  CHECK(json::parse(first.body).at("messages").as_array().size() == 2);
  CHECK(json::parse(first.body).at("more") == true);
  auto rest =
      http_request(server.port(), "GET",
                   "/api/conversations/" + std::to_string(id) + "/messages?after=2", "", bob);
  REQUIRE(rest.status == 200);
  CHECK(json::parse(rest.body).at("messages").as_array().size() == 1);
  CHECK(json::parse(rest.body).at("messages").at(0).at("seq") == 3);
}

TEST_CASE("a transcript is refused without a staff session, for unknown ids and bad pages",
          "[integration][workspace]") {
  TestServer server;
  const std::string token = new_visitor(server.port());
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  customer->send_json(message_frame("c-1", "Hello"));
  const auto id = customer->next_of_type("ack").at("conversation_id").as_int64();
  const std::string path = "/api/conversations/" + std::to_string(id) + "/messages";
  const auto before = rows(server, "SELECT COUNT(*) FROM messages");

  // The customer's own visitor token is not a staff session.
  auto anonymous =
      http_request(server.port(), "GET", path, "", {{"Authorization", "Bearer " + token}});
  CHECK(anonymous.status == 401);
  CHECK(error_code(anonymous) == "unauthorized");
  CHECK(anonymous.body.find("Hello") == std::string::npos);

  const auto wei = staff(server, "wei");
  for (const char* bad : {"/api/conversations/999999/messages", "/api/conversations/0/messages",
                          "/api/conversations/-1/messages", "/api/conversations/1x/messages",
                          "/api/conversations/1/transcript"}) {
    auto reply = http_request(server.port(), "GET", bad, "", wei);
    CHECK(reply.status == 404);
    CHECK(error_code(reply) == "not_found");
  }
  for (const char* query : {"?limit=0", "?limit=501", "?after=-1", "?after=x", "?page=2"}) {
    auto reply = http_request(server.port(), "GET", path + query, "", wei);
    CHECK(reply.status == 400);
    CHECK(error_code(reply) == "bad_request");
  }
  auto post = http_request(server.port(), "POST", path, "{}", wei);
  CHECK(post.status == 405);
  CHECK(rows(server, "SELECT COUNT(*) FROM messages") == before);
}
