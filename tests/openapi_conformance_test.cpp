#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "tests/support/openapi_check.hpp"
#include "tests/support/shop_signature.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/webhook_receiver.hpp"

// docs/openapi.yaml against the real `kefu serve`: every documented operation is called, and
// each answer's body must meet the schema documented for its status; every example in the
// document meets its schema. So the description cannot drift from the server.

using namespace kefu::testing;
namespace json = boost::json;
using Headers = std::map<std::string, std::string>;

namespace {

const OpenApi& spec() {
  static const OpenApi document(KEFU_OPENAPI_JSON);
  return document;
}

const std::string kSecret = "openapi-shop-secret";

std::string order_json(const std::string& id, const std::string& email) {
  return R"({"id":)" + id + R"(,"name":"#)" + id + R"(","email":")" + email +
         R"(","created_at":"2026-11-20T10:00:00Z","total_price":"42.00","currency":"USD",
  "financial_status":"paid","fulfillment_status":"fulfilled",
  "customer":{"id":)" +
         id + R"(01,"first_name":"Ann","last_name":"Lee","email":")" + email + R"("},
  "line_items":[{"title":"Oolong tea","quantity":2,"price":"21.00","sku":"OT-1"}]})";
}

}  // namespace

TEST_CASE("the checker refuses what the document does not allow") {
  const json::value event = json::parse(
      R"({"id":1,"at":2,"type":"x","conversation_id":null,"customer_id":3,"agent_id":null,)"
      R"("channel":"chat","queue":null,"data":{}})");
  const json::value schema = json::parse(R"({"$ref":"#/components/schemas/Event"})");
  CHECK(spec().check(event, schema, "event").empty());
  auto wrong = event.as_object();
  wrong["id"] = "1";
  CHECK(!spec().check(wrong, schema, "event").empty());
  wrong = event.as_object();
  wrong.erase("queue");
  CHECK(!spec().check(wrong, schema, "event").empty());
  wrong = event.as_object();
  wrong["email"] = "mei@example.com";  // an undocumented field
  CHECK(!spec().check(wrong, schema, "event").empty());
  CHECK(!spec()
             .check(json::parse(R"({"state":"lost"})"),
                    json::parse(R"({"properties":{"state":{"enum":["pending"]}}})"), "x")
             .empty());
  CHECK(!spec().check_response("GET", "/api/nowhere", 200, "{}").empty());
  CHECK(!spec().check_response("GET", "/api/events", 418, "{}").empty());
}

TEST_CASE("every example in docs/openapi.yaml meets its schema") {
  const auto examples = spec().examples();
  CHECK(examples.size() >= 15);
  for (const auto& example : examples) {
    INFO(example.name);
    CHECK(spec().check(example.value, example.schema, example.name) == std::vector<std::string>{});
  }
}

TEST_CASE("the server's answers meet docs/openapi.yaml, for every documented operation") {
  WebhookReceiver receiver;
  TestServer server({"--shop-secret", kSecret, "--webhook-allow-network", "127.0.0.0/8",
                     "--test-webhook-schedule", "100"});
  const auto port = server.port();
  const std::string admin = log_in(port, "admin", "admin-demo-pass");
  REQUIRE(!admin.empty());
  auto made = http_request(
      port, "POST", "/api/admin/api-keys",
      R"({"name":"All","scopes":["events:read","reports:read","customers:read",)"
      R"("conversations:read","tickets:write","webhooks:manage"],"rate_per_minute":1000})",
      {{"Cookie", "kefu_session=" + admin}});
  REQUIRE(made.status == 201);
  const Headers key = {
      {"Authorization", "Bearer " + std::string(json::parse(made.body).at("key").as_string())}};

  std::set<std::pair<std::string, std::string>> called;
  // Calls the operation, checks the status and the body against the document, returns the body.
  auto call = [&](const std::string& method, const std::string& path, const std::string& target,
                  int status, const std::string& body = "", Headers headers = {}) {
    if (headers.empty()) headers = key;
    const auto reply = http_request(port, method, target, body, headers);
    INFO(method << " " << target << " -> " << reply.status << " " << reply.body.substr(0, 300));
    CHECK(reply.status == status);
    CHECK(spec().check_response(method, path, reply.status, reply.body) ==
          std::vector<std::string>{});
    called.insert({method, path});
    json::error_code ec;
    return json::parse(reply.body, ec);
  };

  const auto ticket =
      call("POST", "/api/tickets", "/api/tickets", 201,
           R"({"subject":"Broken kettle","text":"It leaks","email":"mei@example.com"})");
  const auto conversation = std::to_string(ticket.at("conversation_id").as_int64());
  call("GET", "/api/events", "/api/events?after=0&limit=50", 200);
  call("GET", "/api/events", "/api/events?limit=0", 400);
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  call("GET", "/api/reports",
       "/api/reports?from=" + std::to_string(now - 86400000) + "&to=" + std::to_string(now + 60000),
       200);
  call("GET", "/api/reports", "/api/reports?from=5&to=1", 400);
  call("GET", "/api/customers", "/api/customers?q=Daan", 200);
  const auto view = call("GET", "/api/conversations/{id}/messages",
                         "/api/conversations/" + conversation + "/messages", 200);
  const auto customer = std::to_string(view.at("conversation").at("customer_id").as_int64());
  call("GET", "/api/customers/{id}", "/api/customers/" + customer, 200);
  call("GET", "/api/customers/{id}", "/api/customers/3", 200);  // a demo customer with orders
  call("GET", "/api/customers/{id}", "/api/customers/999999", 404);

  const std::string order = order_json("7770001", "ann@example.com");
  call("POST", "/api/shop/orders", "/api/shop/orders", 200, order,
       {{"X-Shopify-Hmac-Sha256", shopify_signature(order, kSecret)}});
  call("POST", "/api/shop/orders", "/api/shop/orders", 401, order,
       {{"X-Shopify-Hmac-Sha256", shopify_signature(order, "wrong")}});

  const auto hook = call("POST", "/api/webhooks", "/api/webhooks", 201,
                         R"({"url":")" + receiver.url() +
                             R"(","event_types":["conversation.created"],"description":"ERP"})");
  const std::string id = std::to_string(hook.at("id").as_int64());
  call("POST", "/api/webhooks", "/api/webhooks", 400, R"({"url":"ftp://x","event_types":[]})");
  call("GET", "/api/webhooks", "/api/webhooks", 200);
  call("GET", "/api/webhooks/event-types", "/api/webhooks/event-types", 200);
  call("GET", "/api/webhooks/{id}", "/api/webhooks/" + id, 200);
  call("GET", "/api/webhooks/{id}", "/api/webhooks/999", 404);
  call("PATCH", "/api/webhooks/{id}", "/api/webhooks/" + id, 200,
       R"({"event_types":["conversation.created","rating.given"]})");
  const auto test = call("POST", "/api/webhooks/{id}/test", "/api/webhooks/" + id + "/test", 202);
  REQUIRE(receiver.wait_for(1));
  json::value log;
  for (int i = 0; i < 100; ++i) {
    log = call("GET", "/api/webhooks/{id}/deliveries", "/api/webhooks/" + id + "/deliveries", 200);
    if (log.at("deliveries").at(0).at("state") == "delivered") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(log.at("deliveries").at(0).at("state") == "delivered");
  call("GET", "/api/webhooks/{id}/deliveries", "/api/webhooks/" + id + "/deliveries?limit=0", 400);
  const std::string delivery = std::to_string(test.at("id").as_int64());
  call("POST", "/api/webhooks/deliveries/{id}/replay",
       "/api/webhooks/deliveries/" + delivery + "/replay", 202);
  call("PATCH", "/api/webhooks/{id}", "/api/webhooks/" + id, 200, R"({"enabled":false})");
  call("POST", "/api/webhooks/{id}/test", "/api/webhooks/" + id + "/test", 409);
  call("POST", "/api/webhooks/deliveries/{id}/replay", "/api/webhooks/deliveries/999/replay", 404);
  call("POST", "/api/webhooks/{id}/rotate-secret", "/api/webhooks/" + id + "/rotate-secret", 200);
  call("DELETE", "/api/webhooks/{id}", "/api/webhooks/" + id, 200);
  call("DELETE", "/api/webhooks/{id}", "/api/webhooks/" + id, 404);

  // Every documented operation was called.
  for (const auto& operation : spec().operations()) {
    INFO(operation.first << " " << operation.second);
    CHECK(called.count(operation) == 1);
  }
}
