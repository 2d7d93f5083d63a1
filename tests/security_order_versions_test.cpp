
#include <catch2/catch.hpp>
#include <string>

#include "server/customers/customer_erasure.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/order_book.hpp"
#include "server/customers/shop_webhooks.hpp"
#include "server/customers/signatures.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/customers_test_support.hpp"

// The order book's side of webhook replays and of erasure (docs/security/erasure.md), without
// a server: versions ordered by the shop's updated_at, delivery ids remembered and pruned, and
// an erased customer's order kept anonymous.

using namespace kefu::customers;
namespace sql = kefu::sql;
using kefu::customers::testing::kNow;

namespace {

const std::string kSecret = "versions-secret";
constexpr std::int64_t kHour = 3600 * 1000;

ShopOrder order(const std::string& status, std::optional<std::int64_t> updated_at) {
  ShopOrder o;
  o.id = "3001";
  o.name = "#3001";
  o.email = "ann@example.com";
  o.phone = "+49 30 1234567";
  o.customer = ShopCustomer{"42", "Ann", "Lee", "ann@example.com", ""};
  o.shipping_address = "Unter den Linden 1, Berlin";
  o.total_cents = 4200;
  o.currency = "EUR";
  o.financial_status = status;
  o.created_at = kNow - 24 * kHour;
  o.updated_at = updated_at;
  o.line_items.push_back({"Green tea", 2, 2100, "TEA-1"});
  return o;
}

std::string row(sql::Connection& db, const std::string& text) {
  sql::Statement query(db, text);
  std::string rows;
  while (query.step()) {
    for (int i = 0; i < query.column_count(); ++i) rows += query.column(i).text() + "|";
    rows += "\n";
  }
  return rows;
}

std::string body(const std::string& status, const std::string& updated_at) {
  return R"({"id":3001,"name":"#3001","created_at":"2026-10-30T10:00:00Z","currency":"EUR",)"
         R"("total_price":"42.00","financial_status":")" +
         status + R"(","updated_at":")" + updated_at + R"(","line_items":[]})";
}

std::string sign(const std::string& text) {
  return to_base64(hmac_sha256(kSecret, text));
}

}  // namespace

TEST_CASE("an order is replaced only by a newer version of it", "[customers][orders][security]") {
  auto db = kefu::customers::testing::make_database();
  CustomerDirectory directory(db);
  OrderBook orders(directory);
  REQUIRE_FALSE(orders.upsert(order("paid", kNow), kNow).unchanged);
  REQUIRE_FALSE(orders.upsert(order("refunded", kNow + kHour), kNow).unchanged);
  const std::string stored = row(db, "SELECT * FROM orders") + row(db, "SELECT * FROM customers");
  CHECK(orders.upsert(order("paid", kNow), kNow + 1).unchanged);
  CHECK(orders.upsert(order("partially_refunded", kNow + kHour), kNow + 1).unchanged);
  CHECK(row(db, "SELECT * FROM orders") + row(db, "SELECT * FROM customers") == stored);
  // A version without the shop's time (a CSV import) applies and keeps the stored time, so a
  // replay of the older version is still refused after it.
  CHECK_FALSE(orders.upsert(order("refunded", std::nullopt), kNow + 2).unchanged);
  CHECK(row(db, "SELECT shop_updated_at FROM orders") == std::to_string(kNow + kHour) + "|\n");
  CHECK(orders.upsert(order("paid", kNow), kNow + 3).unchanged);
  CHECK(row(db, "SELECT financial_status FROM orders") == "refunded|\n");
}

TEST_CASE("delivery ids are taken once and pruned after twice the window",
          "[customers][orders][security]") {
  auto db = kefu::customers::testing::make_database();
  CustomerDirectory directory(db);
  OrderBook orders(directory);
  WebhookDelivery delivery{"d-1", kNow, 5 * 60 * 1000};
  const std::string paid = body("paid", "2026-10-30T10:00:00Z");
  CHECK_FALSE(orders.receive_webhook(paid, sign(paid), kSecret, kNow, delivery).unchanged);
  const std::string refunded = body("refunded", "2026-10-30T11:00:00Z");
  CHECK(orders.receive_webhook(refunded, sign(refunded), kSecret, kNow + 1000, delivery).unchanged);
  CHECK(row(db, "SELECT financial_status FROM orders") == "paid|\n");
  // Stale by the window: refused before anything is read or written.
  WebhookDelivery late{"d-2", kNow - delivery.window_ms - 1, delivery.window_ms};
  CHECK_THROWS_AS(orders.receive_webhook(refunded, sign(refunded), kSecret, kNow, late),
                  StaleWebhook);
  CHECK(row(db, "SELECT webhook_id FROM shop_webhooks") == "d-1|\n");
  // Another delivery long after: d-1 is forgotten (any replay of it is stale by then).
  const std::int64_t later = kNow + 2 * delivery.window_ms + 1;
  WebhookDelivery next{"d-3", later, delivery.window_ms};
  CHECK_FALSE(orders.receive_webhook(refunded, sign(refunded), kSecret, later, next).unchanged);
  CHECK(row(db, "SELECT webhook_id FROM shop_webhooks") == "d-3|\n");
}

TEST_CASE("an erased customer's order sent again stays anonymous",
          "[customers][orders][erasure][security]") {
  auto db = kefu::customers::testing::make_database();
  CustomerDirectory directory(db);
  OrderBook orders(directory);
  const auto ann = orders.upsert(order("paid", std::nullopt), kNow).customer_id;
  erase_customer(directory, ann, kNow + 1);
  const std::int64_t customers = std::stoll(row(db, "SELECT COUNT(*) FROM customers"));
  const auto again = orders.upsert(order("refunded", std::nullopt), kNow + 2);
  CHECK(again.customer_id == ann);
  CHECK(row(db, "SELECT email, phone, shipping_address, financial_status FROM orders") ==
        "|||refunded|\n");
  CHECK(row(db, "SELECT display_name, first_name, last_name, address FROM customers") == "||||\n");
  CHECK(row(db, "SELECT COUNT(*) FROM customer_identities") == "0|\n");
  CHECK(std::stoll(row(db, "SELECT COUNT(*) FROM customers")) == customers);
}
