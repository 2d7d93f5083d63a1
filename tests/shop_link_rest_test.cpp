
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "server/customers/signatures.hpp"
#include "tests/support/floor_helpers.hpp"
#include "tests/support/shop_signature.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The shop's integration (docs/protocol.md, "Admin: the shop's integration") through the real
// `kefu serve`: the order-webhook and widget-identity secrets rotate with an overlap in which
// the old key verifies too, and not after; they are stored sealed; the allowed origins are live
// for the widget at once; a test order takes the webhook's own path; bad input gets a typed 400
// and changes nothing; everything is admins' only and audited.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::string one(const TestServer& server, const std::string& sql) {
  return stored_text(server, sql);
}

// Waits until the log writer has caught up (a health probe commits behind earlier writes).
void settle(const TestServer& server) {
  REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);
}

// What the shop's integration keeps, and the number of its audit events, as one text.
std::string shop_rows(const TestServer& server) {
  settle(server);
  return stored_rows(server,
                     "SELECT name, sealed_current, sealed_previous, previous_until, rotated_at "
                     "FROM shop_secrets ORDER BY name") +
         "|" + stored_rows(server, "SELECT origin FROM shop_origins ORDER BY origin") + "|" +
         stored_rows(server, "SELECT COUNT(*) FROM events WHERE type LIKE 'shop_%'") + "|" +
         stored_rows(server, "SELECT COUNT(*) FROM orders");
}

std::string error_code(const HttpReply& reply) {
  return std::string(json::parse(reply.body).at("error").as_string());
}

std::string admin_of(const TestServer& server) {
  const auto cookie = log_in(server.port(), "admin", "admin-demo-pass");
  REQUIRE(!cookie.empty());
  return cookie;
}

// Rotates `kind` with an overlap; returns the new secret.
std::string rotate(const TestServer& server, const std::string& admin, const std::string& kind,
                   int overlap_seconds) {
  auto reply =
      http_request(server.port(), "POST", "/api/admin/shop/secrets/" + kind + "/rotate",
                   R"({"overlap_seconds":)" + std::to_string(overlap_seconds) + "}", as(admin));
  REQUIRE(reply.status == 200);
  const auto secret = std::string(json::parse(reply.body).at("secret").as_string());
  REQUIRE(secret.size() >= 32);
  return secret;
}

int order_count = 0;

// Sends a new order signed with `secret`; returns the status.
int send_order(const TestServer& server, const std::string& secret) {
  const std::string id = std::to_string(9100 + ++order_count);
  const std::string body = R"({"id":)" + id + R"(,"name":"#)" + id +
                           R"(","email":"lin@example.com","created_at":"2026-11-20T10:00:00Z",
    "total_price":"10.00","currency":"CNY","financial_status":"paid",
    "customer":{"id":901,"first_name":"Lin","last_name":"Hu","email":"lin@example.com"},
    "line_items":[{"title":"Green tea","quantity":1,"price":"10.00","sku":"GT"}]})";
  return http_request(server.port(), "POST", "/api/shop/orders", body,
                      {{"X-Shopify-Hmac-Sha256", shopify_signature(body, secret)}})
      .status;
}

// Identifies a new visitor as the shop's customer "c-42" with a signature under `secret`.
int identify(const TestServer& server, const std::string& secret) {
  const std::string token = new_visitor(server.port());
  const std::string signature =
      kefu::customers::to_hex(kefu::customers::hmac_sha256(secret, "c-42"));
  return http_request(server.port(), "POST", "/api/widget/identify",
                      R"({"shop_customer_id":"c-42","signature":")" + signature + R"("})",
                      {{"Authorization", "Bearer " + token}, {"Origin", server.origin()}})
      .status;
}

// POST /api/widget/visitor from a shop's page at `origin`.
int visitor_from(const TestServer& server, const std::string& origin) {
  return http_request(server.port(), "POST", "/api/widget/visitor", "{}",
                      {{"Origin", origin}, {"Content-Type", "application/json"}})
      .status;
}

HttpReply put_origins(const TestServer& server, const std::string& admin, const std::string& body) {
  return http_request(server.port(), "PUT", "/api/admin/shop/origins", body, as(admin));
}

}  // namespace

TEST_CASE(
    "the shop's integration answers 401 without a session and 403 to agents and "
    "supervisors",
    "[integration][shop]") {
  TestServer server;
  const auto before = shop_rows(server);
  const std::vector<std::pair<std::string, std::string>> calls{
      {"GET", "/api/admin/shop"},
      {"PUT", "/api/admin/shop/origins"},
      {"POST", "/api/admin/shop/secrets/order_webhook/rotate"},
      {"POST", "/api/admin/shop/test-order"}};
  const std::string origins = R"({"allowed_origins":["https://shop.example"]})";
  for (const auto& [method, target] : calls) {
    CAPTURE(method, target);
    const std::string body = method == "PUT" ? origins : R"({"overlap_seconds":0})";
    CHECK(http_request(server.port(), method, target, body).status == 401);
    for (const std::string login : {"alice", "sam"}) {
      const auto cookie = log_in(server.port(), login, login + "-demo-pass");
      auto reply = http_request(server.port(), method, target, body, as(cookie));
      CHECK(reply.status == 403);
      CHECK(error_code(reply) == "forbidden");
    }
  }
  CHECK(shop_rows(server) == before);
  CHECK(visitor_from(server, "https://shop.example") == 403);
}

TEST_CASE(
    "a rotated order-webhook secret is shown once and the old one verifies only during "
    "the overlap",
    "[integration][shop]") {
  TestServer server;
  const auto admin = admin_of(server);
  // Nothing configured: the webhook says so, and the summary says so.
  CHECK(send_order(server, "anything") == 503);
  auto summary =
      json::parse(http_request(server.port(), "GET", "/api/admin/shop", "", as(admin)).body);
  CHECK(summary.at("order_webhook").at("configured") == false);
  CHECK(summary.at("snippet").as_string() ==
        "<script src=\"" + server.origin() + "/widget.js\" defer></script>");

  const auto first = rotate(server, admin, "order_webhook", 0);
  CHECK(send_order(server, first) == 200);
  CHECK(send_order(server, "not-the-secret") == 401);
  const auto second = rotate(server, admin, "order_webhook", 2);
  const auto rotated_at = std::chrono::steady_clock::now();
  CHECK(send_order(server, second) == 200);
  CHECK(send_order(server, first) == 200);  // within the overlap
  summary = json::parse(http_request(server.port(), "GET", "/api/admin/shop", "", as(admin)).body);
  CHECK(summary.at("order_webhook").at("configured") == true);
  CHECK(summary.at("order_webhook").at("previous_until").is_int64());
  CHECK(summary.at("widget_identity").at("configured") == false);
  // The summary never shows a key.
  CHECK(json::serialize(summary).find(second) == std::string::npos);
  std::this_thread::sleep_until(rotated_at + std::chrono::milliseconds(2300));
  CHECK(send_order(server, first) == 401);  // after the overlap
  CHECK(send_order(server, second) == 200);
  // A rotation without overlap ends the old key at once.
  const auto third = rotate(server, admin, "order_webhook", 0);
  CHECK(send_order(server, second) == 401);
  CHECK(send_order(server, third) == 200);

  // Stored sealed: no key in plain text anywhere in the database's rows.
  settle(server);
  for (const auto& key : {first, second, third}) {
    CHECK(
        stored_rows(server, "SELECT sealed_current, sealed_previous FROM shop_secrets").find(key) ==
        std::string::npos);
    CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE data LIKE '%" + key + "%'") == 0);
  }
  // Audited: who rotated which secret, never the key.
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'shop_secret_rotated' AND " +
                               json_text(server, "data", "subject") +
                               " = 'order_webhook' AND agent_id = "
                               "(SELECT id FROM users WHERE login = 'admin')") == 3);
  auto audit = http_request(server.port(), "GET", "/api/admin/audit?type=shop_secret_rotated", "",
                            as(admin));
  CHECK(audit.status == 200);
  CHECK(audit.body.find("order_webhook") != std::string::npos);
}

TEST_CASE("the widget identity secret rotates with its overlap and --shop-secret keeps working",
          "[integration][shop]") {
  TestServer server({"--shop-secret", "flag-shop-secret"});
  const auto admin = admin_of(server);
  CHECK(identify(server, "flag-shop-secret") == 200);
  CHECK(send_order(server, "flag-shop-secret") == 200);
  const auto first = rotate(server, admin, "widget_identity", 0);
  CHECK(identify(server, first) == 200);
  const auto second = rotate(server, admin, "widget_identity", 1);
  const auto rotated_at = std::chrono::steady_clock::now();
  CHECK(identify(server, first) == 200);
  CHECK(identify(server, second) == 200);
  CHECK(identify(server, "wrong") == 401);
  std::this_thread::sleep_until(rotated_at + std::chrono::milliseconds(1300));
  CHECK(identify(server, first) == 401);
  CHECK(identify(server, second) == 200);
  // The flag's secret verifies both kinds throughout; the identity key is not the webhook's.
  CHECK(identify(server, "flag-shop-secret") == 200);
  CHECK(send_order(server, "flag-shop-secret") == 200);
  CHECK(send_order(server, second) == 401);
}

TEST_CASE("bad rotations are refused with a typed 400 and change nothing", "[integration][shop]") {
  TestServer server;
  const auto admin = admin_of(server);
  const auto key = rotate(server, admin, "order_webhook", 0);
  const auto before = shop_rows(server);
  const std::vector<std::pair<std::string, std::string>> bad{
      {R"({"overlap_seconds":-1})", "bad_overlap"},
      {R"({"overlap_seconds":604801})", "bad_overlap"},
      {R"({"overlap_seconds":"24"})", "bad_request"},
      {R"({"overlap_seconds":1.5})", "bad_request"},
      {R"({})", "bad_request"},
      {R"({"overlap_seconds":0,"secret":"mine"})", "bad_request"},
      {R"([0])", "bad_request"},
      {"not json", "bad_request"}};
  for (const auto& [body, code] : bad) {
    CAPTURE(body);
    auto reply = http_request(server.port(), "POST", "/api/admin/shop/secrets/order_webhook/rotate",
                              body, as(admin));
    CHECK(reply.status == 400);
    CHECK(error_code(reply) == code);
  }
  auto unknown = http_request(server.port(), "POST", "/api/admin/shop/secrets/api_key/rotate",
                              R"({"overlap_seconds":0})", as(admin));
  CHECK(unknown.status == 404);
  CHECK(shop_rows(server) == before);
  CHECK(send_order(server, key) == 200);  // the key still verifies (and the refusals could fail)
  CHECK(shop_rows(server) != before);
}

TEST_CASE("the allowed origins are validated and live for the widget without a restart",
          "[integration][shop]") {
  TestServer server({"--allowed-origin", "https://flag.example"});
  const auto admin = admin_of(server);
  CHECK(visitor_from(server, "https://shop.example") == 403);
  auto saved = put_origins(
      server, admin, R"({"allowed_origins":["https://Shop.Example","http://localhost:3000"]})");
  REQUIRE(saved.status == 200);
  auto summary = json::parse(saved.body);
  CHECK(json::serialize(summary.at("allowed_origins")) ==
        R"(["https://shop.example","http://localhost:3000"])");
  CHECK(json::serialize(summary.at("flag_origins")) == R"(["https://flag.example"])");
  CHECK(visitor_from(server, "https://shop.example") == 200);
  CHECK(visitor_from(server, "http://localhost:3000") == 200);
  CHECK(visitor_from(server, "https://flag.example") == 200);
  CHECK(visitor_from(server, "https://other.example") == 403);

  const auto before = shop_rows(server);
  const std::vector<std::pair<std::string, std::string>> bad{
      {R"({"allowed_origins":["https://shop.example/path"]})", "bad_origin"},
      {R"({"allowed_origins":["https://shop.example/"]})", "bad_origin"},
      {R"({"allowed_origins":["https://shop.example?x=1"]})", "bad_origin"},
      {R"({"allowed_origins":["ftp://shop.example"]})", "bad_origin"},
      {R"({"allowed_origins":["shop.example"]})", "bad_origin"},
      {R"({"allowed_origins":["https://user@shop.example"]})", "bad_origin"},
      {R"({"allowed_origins":["https://new.example","https://NEW.example"]})", "duplicate_origin"},
      {R"({"allowed_origins":[1]})", "bad_request"},
      {R"({"allowed_origins":"https://new.example"})", "bad_request"},
      {R"({"origins":[]})", "bad_request"}};
  for (const auto& [body, code] : bad) {
    CAPTURE(body);
    auto reply = put_origins(server, admin, body);
    CHECK(reply.status == 400);
    CHECK(error_code(reply) == code);
  }
  std::string many = R"({"allowed_origins":[)";
  for (int i = 0; i < 51; ++i)
    many += (i ? ",\"" : "\"") + std::string("https://s") + std::to_string(i) + ".example\"";
  many += "]}";
  auto too_many = put_origins(server, admin, many);
  CHECK(too_many.status == 400);
  CHECK(error_code(too_many) == "too_many_origins");
  CHECK(shop_rows(server) == before);
  CHECK(visitor_from(server, "https://shop.example") == 200);
  CHECK(visitor_from(server, "https://new.example") == 403);

  // Removed: refused at once; audited with before and after.
  REQUIRE(put_origins(server, admin, R"({"allowed_origins":["http://localhost:3000"]})").status ==
          200);
  CHECK(visitor_from(server, "https://shop.example") == 403);
  CHECK(visitor_from(server, "http://localhost:3000") == 200);
  settle(server);
  const auto change = json::parse(one(server,
                                      "SELECT data FROM events WHERE type = "
                                      "'shop_origins_updated' ORDER BY id DESC LIMIT 1"));
  CHECK(json::serialize(change.at("before").at("allowed_origins")) + " > " +
            json::serialize(change.at("after").at("allowed_origins")) ==
        R"(["https://shop.example","http://localhost:3000"] > ["http://localhost:3000"])");
}

TEST_CASE("a test order is signed with the current secret and filed by the webhook's own path",
          "[integration][shop]") {
  TestServer server;
  const auto admin = admin_of(server);
  settle(server);
  const auto orders = one(server, "SELECT COUNT(*) FROM orders");
  // Without a secret: not accepted, and why.
  auto refused = http_request(server.port(), "POST", "/api/admin/shop/test-order", "", as(admin));
  REQUIRE(refused.status == 200);
  auto said = json::parse(refused.body);
  CHECK(said.at("accepted") == false);
  CHECK(said.at("status") == 503);
  CHECK(said.at("error") == "no_shop_secret");
  settle(server);
  CHECK(one(server, "SELECT COUNT(*) FROM orders") == orders);

  rotate(server, admin, "order_webhook", 0);
  auto accepted = http_request(server.port(), "POST", "/api/admin/shop/test-order", "", as(admin));
  REQUIRE(accepted.status == 200);
  said = json::parse(accepted.body);
  CHECK(said.at("accepted") == true);
  CHECK(said.at("status") == 200);
  CHECK(said.at("created") == true);
  const auto customer = said.at("customer_id").as_int64();
  settle(server);
  CHECK(one(server, "SELECT COUNT(*) FROM orders") == std::to_string(std::stoi(orders) + 1));
  CHECK(one(server, "SELECT COUNT(*) FROM customer_identities WHERE customer_id = " +
                        std::to_string(customer) + " AND value = 'test-order@kefu.invalid'") ==
        "1");
}

TEST_CASE("the widget preview may be framed by Kefu's own pages only", "[integration][shop]") {
  TestServer server;
  const std::filesystem::path dist = server.folder();
  for (const char* page : {"widget-preview", "admin"}) {
    std::ofstream(dist / (std::string(page) + ".html")) << "<!doctype html><title>t</title>";
  }
  auto preview = http_request(server.port(), "GET", "/widget-preview");
  CHECK(preview.status == 200);
  CHECK(preview.headers["x-frame-options"] == "SAMEORIGIN");
  const std::string policy = preview.headers["content-security-policy"];
  CHECK(policy.find("frame-ancestors 'self'") != std::string::npos);
  CHECK(policy.find("script-src 'self'") != std::string::npos);
  CHECK(policy.find("frame-ancestors 'none'") == std::string::npos);
  // Every other page still may not be framed at all.
  auto admin = http_request(server.port(), "GET", "/admin");
  CHECK(admin.status == 200);
  CHECK(admin.headers["x-frame-options"] == "DENY");
  CHECK(admin.headers["content-security-policy"].find("frame-ancestors 'none'") !=
        std::string::npos);
  auto api = http_request(server.port(), "GET", "/api/admin/shop");
  CHECK(api.headers["x-frame-options"] == "DENY");
}
