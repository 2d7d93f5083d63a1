#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <map>
#include <string>
#include <tuple>

#include "server/store/sql/statement.hpp"
#include "tests/support/floor_helpers.hpp"
#include "tests/support/shop_signature.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Order webhooks cannot be replayed (issue #18, docs/security/erasure.md): a delivery id seen
// before changes nothing, an older version of an order never replaces a newer one, a stale
// X-Shopify-Triggered-At is refused, and a guest order sent again makes no new customer.

using namespace kefu::testing;
namespace json = boost::json;
using Headers = std::map<std::string, std::string>;

namespace {

const std::string kSecret = "replay-shop-secret";

// An ISO 8601 UTC time `seconds` from now (negative: in the past).
std::string iso_from_now(int seconds) {
  const std::time_t at = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) +
                         static_cast<std::time_t>(seconds);
  std::tm parts{};
  gmtime_r(&at, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

// An order of Ann's (or of a guest when `guest`), in `status`, last updated at `updated_at`.
std::string order(const std::string& status, const std::string& updated_at, bool guest = false) {
  std::string body = R"({"id":88001,"name":"#88001","created_at":"2026-11-20T10:00:00Z",)"
                     R"("total_price":"42.00","currency":"USD","financial_status":")" +
                     status + "\"";
  if (!updated_at.empty()) body += R"(,"updated_at":")" + updated_at + "\"";
  if (!guest)
    body += R"(,"email":"ann@example.com","customer":{"id":801,"first_name":"Ann",)"
            R"("last_name":"Lee","email":"ann@example.com"})";
  return body + R"(,"line_items":[{"title":"Oolong tea","quantity":2,"price":"21.00"}]})";
}

HttpReply deliver(const TestServer& server, const std::string& body, const std::string& id,
                  const std::string& triggered_at = "") {
  Headers headers{{"X-Shopify-Hmac-Sha256", shopify_signature(body, kSecret)}};
  if (!id.empty()) headers["X-Shopify-Webhook-Id"] = id;
  if (!triggered_at.empty()) headers["X-Shopify-Triggered-At"] = triggered_at;
  return http_request(server.port(), "POST", "/api/shop/orders", body, headers);
}

// Everything a webhook could change, as one comparable string.
std::string shop_state(const TestServer& server) {
  const auto db = server.reader();
  std::string state;
  for (const char* sql :
       {"SELECT id, shop_order_id, customer_id, email, financial_status, total_cents,"
        " shop_updated_at FROM orders ORDER BY id",
        "SELECT id, display_name, order_count, lifetime_value_cents FROM customers ORDER BY id",
        "SELECT customer_id, kind, match_key FROM customer_identities ORDER BY id",
        "SELECT order_id, title FROM order_items ORDER BY id",
        "SELECT webhook_id FROM shop_webhooks ORDER BY webhook_id"}) {
    kefu::sql::Statement query(*db, sql);
    while (query.step()) {
      for (int i = 0; i < query.column_count(); ++i) state += query.column(i).text() + "|";
      state += "\n";
    }
    state += "--\n";
  }
  return state;
}

std::string status_of_order(const TestServer& server) {
  return stored_text(server, "SELECT financial_status FROM orders WHERE shop_order_id = '88001'");
}

std::int64_t customers(const TestServer& server) {
  return count_rows(server, "SELECT COUNT(*) FROM customers");
}

std::string error_code(const HttpReply& reply) {
  return std::string(json::parse(reply.body).at("error").as_string());
}

}  // namespace

TEST_CASE("a webhook delivery seen before is answered 200 and changes nothing",
          "[integration][security][webhooks]") {
  TestServer server({"--shop-secret", kSecret});
  const auto first = deliver(server, order("paid", "2026-11-20T10:00:00Z"), "w-1", iso_from_now(0));
  REQUIRE(first.status == 200);
  CHECK(json::parse(first.body).at("unchanged") == false);
  const std::string before = shop_state(server);
  // The same delivery again, even with a newer body under the same id: taken once only.
  const auto again = deliver(server, order("paid", "2026-11-20T10:00:00Z"), "w-1", iso_from_now(0));
  CHECK(again.status == 200);
  CHECK(json::parse(again.body).at("unchanged") == true);
  CHECK(json::parse(again.body).at("order_id") == json::parse(first.body).at("order_id"));
  const auto reused =
      deliver(server, order("refunded", "2026-11-21T10:00:00Z"), "w-1", iso_from_now(0));
  CHECK(reused.status == 200);
  CHECK(json::parse(reused.body).at("unchanged") == true);
  CHECK(shop_state(server) == before);
  // X-Shopify-Event-Id counts as the id when there is no X-Shopify-Webhook-Id.
  const std::string body = order("refunded", "2026-11-21T10:00:00Z");
  Headers by_event{{"X-Shopify-Hmac-Sha256", shopify_signature(body, kSecret)},
                   {"X-Shopify-Event-Id", "e-7"}};
  REQUIRE(http_request(server.port(), "POST", "/api/shop/orders", body, by_event).status == 200);
  CHECK(status_of_order(server) == "refunded");
  const std::string after_event = shop_state(server);
  const std::string newer = order("paid", "2026-11-22T10:00:00Z");
  by_event["X-Shopify-Hmac-Sha256"] = shopify_signature(newer, kSecret);
  CHECK(http_request(server.port(), "POST", "/api/shop/orders", newer, by_event).status == 200);
  CHECK(shop_state(server) == after_event);
}

TEST_CASE("an older version of an order never replaces a newer one",
          "[integration][security][webhooks]") {
  TestServer server({"--shop-secret", kSecret});
  REQUIRE(deliver(server, order("paid", "2026-11-20T10:00:00Z"), "w-1").status == 200);
  REQUIRE(deliver(server, order("refunded", "2026-11-20T11:00:00Z"), "w-2").status == 200);
  CHECK(status_of_order(server) == "refunded");
  const std::string before = shop_state(server);
  // A replay of the paid version under a new id (the id header is not signed) and a copy of
  // the current version: neither changes anything.
  for (const auto& [status, updated_at, id] :
       {std::tuple{"paid", "2026-11-20T10:00:00Z", "w-3"},
        std::tuple{"refunded", "2026-11-20T11:00:00Z", "w-4"}}) {
    const auto replay = deliver(server, order(status, updated_at), id);
    CHECK(replay.status == 200);
    CHECK(json::parse(replay.body).at("unchanged") == true);
  }
  const std::string after = shop_state(server);
  // Only the two new ids are remembered; the orders and customers are as before.
  CHECK(after.substr(0, after.rfind("--\n", after.size() - 4)) ==
        before.substr(0, before.rfind("--\n", before.size() - 4)));
  CHECK(status_of_order(server) == "refunded");
  // A newer version still applies.
  REQUIRE(deliver(server, order("paid", "2026-11-20T12:00:00Z"), "w-5").status == 200);
  CHECK(status_of_order(server) == "paid");
}

TEST_CASE("a stale or malformed X-Shopify-Triggered-At is refused and stores nothing",
          "[integration][security][webhooks]") {
  TestServer server({"--shop-secret", kSecret, "--webhook-window", "60"});
  REQUIRE(deliver(server, order("paid", "2026-11-20T10:00:00Z"), "w-1", iso_from_now(-5)).status ==
          200);
  const std::string before = shop_state(server);
  for (const std::string& triggered :
       {iso_from_now(-120), iso_from_now(-3600), iso_from_now(600), std::string("yesterday")}) {
    INFO(triggered);
    const auto stale = deliver(server, order("refunded", "2026-11-20T11:00:00Z"),
                               "w-stale-" + triggered, triggered);
    CHECK(stale.status == 400);
    CHECK(error_code(stale) == "stale_webhook");
  }
  CHECK(shop_state(server) == before);
  // A bad signature is refused first, whatever the time says.
  Headers forged{{"X-Shopify-Hmac-Sha256", shopify_signature("{}", kSecret)},
                 {"X-Shopify-Triggered-At", iso_from_now(-3600)}};
  CHECK(http_request(server.port(), "POST", "/api/shop/orders",
                     order("refunded", "2026-11-20T11:00:00Z"), forged)
            .status == 401);
  // Within the window it is taken.
  CHECK(
      deliver(server, order("refunded", "2026-11-20T11:00:00Z"), "w-2", iso_from_now(-30)).status ==
      200);
  CHECK(status_of_order(server) == "refunded");
}

TEST_CASE("a guest order sent twice makes one customer", "[integration][security][webhooks]") {
  TestServer server({"--shop-secret", kSecret});
  const std::int64_t before = customers(server);
  const auto first = deliver(server, order("paid", "", true), "");
  REQUIRE(first.status == 200);
  CHECK(customers(server) == before + 1);
  const std::string stored = shop_state(server);
  // Without an id or updated_at: the order is rewritten, for the same customer.
  const auto again = deliver(server, order("paid", "", true), "");
  REQUIRE(again.status == 200);
  CHECK(json::parse(again.body).at("customer_id") == json::parse(first.body).at("customer_id"));
  CHECK(customers(server) == before + 1);
  CHECK(shop_state(server) == stored);
  // A newer version of the guest order: still the same customer.
  const auto newer = deliver(server, order("refunded", "2026-11-21T10:00:00Z", true), "g-2");
  REQUIRE(newer.status == 200);
  CHECK(json::parse(newer.body).at("customer_id") == json::parse(first.body).at("customer_id"));
  CHECK(customers(server) == before + 1);
  CHECK(status_of_order(server) == "refunded");
}
