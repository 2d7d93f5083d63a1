#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// A browser shared by two of the shop's customers: once the shop signs the second one in, the
// browser is a new visitor, and nothing the first one wrote can be read with it.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

const std::string kSecret = "shared-browser-secret";

// The hex HMAC-SHA256 the shop's server computes over its customer id.
std::string shop_signature(const std::string& shop_customer_id) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), kSecret.data(), static_cast<int>(kSecret.size()),
       reinterpret_cast<const unsigned char*>(shop_customer_id.data()), shop_customer_id.size(),
       mac, &length);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", mac[i]);
    hex += byte;
  }
  return hex;
}

HttpReply identify(const TestServer& server, const std::string& token, const std::string& shop_id,
                   const std::string& signature) {
  return http_request(
      server.port(), "POST", "/api/widget/identify",
      json::serialize(json::object{{"shop_customer_id", shop_id}, {"signature", signature}}),
      {{"Authorization", "Bearer " + token}, {"Origin", server.origin()}});
}

std::int64_t count(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

}  // namespace

TEST_CASE("a second shop customer on the same browser never reads the first one's chat",
          "[integration][customers]") {
  TestServer server({"--shop-secret", kSecret});
  const std::string first_token = new_visitor(server.port());
  REQUIRE(identify(server, first_token, "shop-701", shop_signature("shop-701")).status == 200);

  // The first customer chats.
  auto first = WsClient::customer(server.port(), server.origin(), first_token);
  first->next_of_type("welcome");
  first->send(R"({"type":"message","client_id":"c1","text":"My card ends in 4242"})");
  const std::int64_t chat = first->next_of_type("ack").at("conversation_id").as_int64();

  // A wrong signature for another customer changes nothing: same token, same visitors.
  const auto visitors_before = count(server, "SELECT COUNT(*) FROM visitors");
  auto forged = identify(server, first_token, "shop-702", shop_signature("shop-701"));
  CHECK(forged.status == 401);
  CHECK(count(server, "SELECT COUNT(*) FROM visitors") == visitors_before);
  {
    // The first customer's token still opens their chat.
    auto still = WsClient::customer(server.port(), server.origin(), first_token);
    auto listed = still->next_of_type("welcome").at("conversations").as_array();
    REQUIRE(listed.size() == 1);
    CHECK(listed.at(0).at("id").as_int64() == chat);
  }
  // Signing the same customer in again keeps the visitor.
  auto again = identify(server, first_token, "shop-701", shop_signature("shop-701"));
  REQUIRE(again.status == 200);
  CHECK_FALSE(json::parse(again.body).as_object().contains("token"));

  // The shop signs another of its customers in on this browser: a new visitor session.
  auto moved = identify(server, first_token, "shop-702", shop_signature("shop-702"));
  REQUIRE(moved.status == 200);
  const auto answer = json::parse(moved.body).as_object();
  REQUIRE(answer.contains("token"));
  const std::string second_token(answer.at("token").as_string());
  CHECK(second_token != first_token);
  CHECK(answer.at("visitor_id").as_string().starts_with("v_"));
  // The first customer's socket on this browser is closed and its token opens nothing.
  CHECK(first->closed_with() == 1008);
  try {
    WsClient::customer(server.port(), server.origin(), first_token);
    FAIL("the old token still opens a socket");
  } catch (const UpgradeRefused& refused) {
    CHECK(refused.status == 401);
  }
  CHECK(identify(server, first_token, "shop-701", shop_signature("shop-701")).status == 401);

  // The second customer's socket lists nothing of the first and cannot sync the first's chat.
  auto second = WsClient::customer(server.port(), server.origin(), second_token);
  auto welcome = second->next_of_type("welcome");
  CHECK(welcome.at("visitor_id").as_string() == answer.at("visitor_id").as_string());
  CHECK(welcome.at("conversations").as_array().empty());
  second->send(R"({"type":"sync","conversation_id":)" + std::to_string(chat) +
               R"(,"after_seq":0})");
  auto refused = second->next();
  CHECK(refused.at("type") == "error");
  CHECK(refused.at("code") == "not_found");
  second->send(R"({"type":"message","client_id":"c2","conversation_id":)" + std::to_string(chat) +
               R"(,"text":"let me in"})");
  CHECK(second->next_of_type("error").at("code") == "not_found");
  // Writing starts the second customer's own chat; the first chat keeps its one message.
  second->send(R"({"type":"message","client_id":"c3","text":"Hello, I am the second"})");
  const std::int64_t own = second->next_of_type("ack").at("conversation_id").as_int64();
  CHECK(own != chat);
  CHECK(count(server, "SELECT COUNT(*) FROM messages WHERE conversation_id = " +
                          std::to_string(chat)) == 1);
  CHECK(count(server, "SELECT COUNT(DISTINCT customer_id) FROM conversations WHERE id IN (" +
                          std::to_string(chat) + "," + std::to_string(own) + ")") == 2);
}
