

#include <catch2/catch.hpp>

#include "server/customers/customer_view.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/order_book.hpp"
#include "server/customers/order_fields.hpp"
#include "server/customers/segment.hpp"
#include "server/customers/signatures.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/customers_test_support.hpp"

using namespace kefu::customers;
namespace sql = kefu::sql;
using kefu::customers::testing::kDay;
using kefu::customers::testing::kNow;

namespace {

const std::string kSecret = "webhook-secret";

// An order webhook body with Shopify's field names (trimmed from a real orders/create payload).
std::string order_body(const std::string& id, const std::string& total,
                       const std::string& created_at = "2026-10-30T10:15:00+01:00",
                       const std::string& tracking = "1Z999AA10123456784") {
  return R"({"id":)" + id + R"(,"name":"#)" + id + R"(","email":"Ann.Lee+shop@example.com",
    "phone":null,"created_at":")" +
         created_at + R"(","currency":"EUR",
    "total_price":")" +
         total + R"(","financial_status":"paid","fulfillment_status":"fulfilled",
    "customer":{"id":207119551,"first_name":"Ann","last_name":"Lee",
                "email":"ann.lee@example.com","phone":"+49 30 1234567"},
    "shipping_address":{"address1":"Unter den Linden 1","city":"Berlin","zip":"10117",
                        "country":"Germany"},
    "line_items":[{"title":"Green tea","quantity":2,"price":"12.50","sku":"TEA-1"},
                  {"title":"Teapot","quantity":1,"price":"45.00","sku":null}],
    "fulfillments":[{"status":"success","shipment_status":"in_transit",
                     "tracking_number":")" +
         tracking + R"(","tracking_company":"UPS",
                     "tracking_url":"https://www.ups.com/track?tracknum=)" +
         tracking + R"("}]})";
}

std::int64_t count(sql::Connection& db, const std::string& table) {
  sql::Statement query(db, "SELECT COUNT(*) FROM " + table);
  query.step();
  return query.column(0).int64();
}

std::string sign(const std::string& body) {
  return to_base64(hmac_sha256(kSecret, body));
}

}  // namespace

TEST_CASE("amounts and times are parsed strictly", "[customers][orders]") {
  CHECK(parse_amount_cents("19.99") == 1999);
  CHECK(parse_amount_cents("5") == 500);
  CHECK(parse_amount_cents("0.5") == 50);
  CHECK(parse_amount_cents("-3.10") == -310);
  CHECK(parse_amount_cents("1.230") == 123);
  CHECK_FALSE(parse_amount_cents("1.234"));
  CHECK_FALSE(parse_amount_cents("12,50"));
  CHECK_FALSE(parse_amount_cents("abc"));
  CHECK_FALSE(parse_amount_cents(""));
  CHECK_FALSE(parse_amount_cents("."));
  CHECK(format_amount(1999) == "19.99");
  CHECK(format_amount(-5) == "-0.05");

  CHECK(parse_timestamp("2026-11-01") == kNow);
  CHECK(parse_timestamp("2026-11-01T00:00:00Z") == kNow);
  CHECK(parse_timestamp("2026-11-01T08:00:00+08:00") == kNow);
  CHECK(parse_timestamp("2026-10-31 19:00:00-0500") == kNow);
  CHECK(parse_timestamp("2026-11-01T00:00:00.250Z") == kNow + 250);
  CHECK_FALSE(parse_timestamp("2026-02-30"));
  CHECK_FALSE(parse_timestamp("01/11/2026"));
  CHECK_FALSE(parse_timestamp("2026-11-01T25:00:00Z"));
  CHECK(format_timestamp(kNow) == "2026-11-01T00:00:00Z");
}

TEST_CASE("a signed order webhook is stored once, however often it arrives",
          "[customers][orders]") {
  auto db = kefu::customers::testing::make_database();
  CustomerDirectory directory(db);
  OrderBook orders(directory);
  const std::string body = order_body("820982911946154508", "70.00");

  const auto first = orders.receive_webhook(body, sign(body), kSecret, kNow);
  CHECK(first.created);
  const auto again = orders.receive_webhook(body, sign(body), kSecret, kNow + 1000);
  CHECK_FALSE(again.created);
  CHECK(again.order_id == first.order_id);
  CHECK(again.customer_id == first.customer_id);
  CHECK(count(db, "orders") == 1);
  CHECK(count(db, "order_items") == 2);
  CHECK(count(db, "order_fulfillments") == 1);
  CHECK(count(db, "customers") == 1);

  // The customer is known by every identity the shop sent, verified.
  CHECK(directory.find(IdentityKind::shop_customer_id, "207119551", true) == first.customer_id);
  CHECK(directory.find(IdentityKind::email, "ann.lee@example.com", true) == first.customer_id);
  CHECK(directory.find(IdentityKind::phone, "+49 30 1234567", true) == first.customer_id);

  // An update (same id) replaces the stored order; a second order joins the same customer.
  const std::string updated = order_body("820982911946154508", "82.50");
  orders.receive_webhook(updated, sign(updated), kSecret, kNow + 2000);
  const std::string second = order_body("820982911946154999", "10.00", "2026-10-31T09:00:00Z");
  CHECK(orders.receive_webhook(second, sign(second), kSecret, kNow + 3000).customer_id ==
        first.customer_id);
  CHECK(count(db, "orders") == 2);
  CHECK(count(db, "order_items") == 4);

  const auto view = build_customer_view(db, first.customer_id);
  CHECK(view.at("display_name") == "Ann Lee");
  CHECK(view.at("address") == "Unter den Linden 1, Berlin, 10117, Germany");
  CHECK(view.at("lifetime_value").at("amount") == "92.50");
  CHECK(view.at("lifetime_value").at("order_count") == 2);
  const auto& recent = view.at("recent_orders").as_array();
  REQUIRE(recent.size() == 2);
  CHECK(recent[0].at("shop_order_id") == "820982911946154999");
  CHECK(recent[1].at("total") == "82.50");
  CHECK(recent[1].at("items").as_array().size() == 2);
  CHECK(recent[1].at("items").at(0).at("price") == "12.50");
  CHECK(recent[1].at("fulfillments").at(0).at("tracking_company") == "UPS");
  CHECK(recent[1].at("fulfillments").at(0).at("status") == "in_transit");
}

TEST_CASE("a bad or missing signature stores nothing", "[customers][orders]") {
  auto db = kefu::customers::testing::make_database();
  CustomerDirectory directory(db);
  OrderBook orders(directory);
  const std::string body = order_body("1001", "70.00");
  CHECK_THROWS_AS(orders.receive_webhook(body, "", kSecret, kNow), SignatureRejected);
  CHECK_THROWS_AS(orders.receive_webhook(body, sign(body + " "), kSecret, kNow), SignatureRejected);
  CHECK_THROWS_AS(
      orders.receive_webhook(body, to_base64(hmac_sha256("other", body)), kSecret, kNow),
      SignatureRejected);
  CHECK_THROWS_AS(orders.receive_webhook(body, sign(body), "", kNow), SignatureRejected);
  CHECK(count(db, "orders") == 0);
  CHECK(count(db, "customers") == 0);
}

TEST_CASE("a malformed order gets a clear error and stores nothing", "[customers][orders]") {
  auto db = kefu::customers::testing::make_database();
  CustomerDirectory directory(db);
  OrderBook orders(directory);
  const std::string good = order_body("1001", "70.00");
  struct Case {
    std::string body;
    std::string error;
  };
  const std::vector<Case> cases = {
      {good.substr(0, good.size() - 3), "malformed JSON"},
      {"[1,2,3]", "must be a JSON object"},
      {R"({"total_price":"1.00","currency":"EUR","created_at":"2026-10-01"})", "id is missing"},
      {R"({"id":-4,"total_price":"1.00","currency":"EUR","created_at":"2026-10-01"})",
       "id must be positive"},
      {R"({"id":5,"total_price":"ten","currency":"EUR","created_at":"2026-10-01"})",
       "total_price is not an amount"},
      {R"({"id":5,"total_price":"1.00","currency":"EUR","created_at":"yesterday"})",
       "created_at is not an ISO 8601 time"},
      {R"({"id":5,"total_price":"1.00","currency":"EUR","created_at":"2026-10-01",)"
       R"("line_items":{}})",
       "line_items must be an array"},
      {R"({"id":5,"total_price":"1.00","currency":"EUR","created_at":"2026-10-01",)"
       R"("line_items":[{"title":"Tea","quantity":"two","price":"1.00"}]})",
       "line_items[0].quantity must be a whole number"},
      {R"({"id":5,"total_price":"1.00","currency":"EUR","created_at":"2026-10-01",)"
       R"("customer":"ann"})",
       "customer must be an object"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    try {
      orders.receive_webhook(c.body, sign(c.body), kSecret, kNow);
      FAIL("accepted a malformed order");
    } catch (const OrderFormatError& error) {
      CHECK_THAT(error.what(), Catch::Matchers::Contains(c.error));
    }
  }
  CHECK(count(db, "orders") == 0);
  CHECK(count(db, "order_items") == 0);
  CHECK(count(db, "customers") == 0);
}

TEST_CASE("segments follow recency, frequency and money", "[customers][segments]") {
  OrderHistory none;
  CHECK(segment_of(none, kNow) == Segment::new_customer);
  OrderHistory first{1, 3000, kNow - 5 * kDay, kNow - 5 * kDay};
  CHECK(segment_of(first, kNow) == Segment::new_customer);
  OrderHistory regular{4, 30000, kNow - 400 * kDay, kNow - 20 * kDay};
  CHECK(segment_of(regular, kNow) == Segment::active);
  OrderHistory big{12, 250000, kNow - 700 * kDay, kNow - 10 * kDay};
  CHECK(segment_of(big, kNow) == Segment::vip);
  CHECK(score_rfm(big, kNow).code() == "R5F5M5");
  CHECK(segment_of(big, kNow + 200 * kDay) == Segment::at_risk);
  CHECK(segment_of(big, kNow + 400 * kDay) == Segment::lost);
  OrderHistory quiet{4, 30000, kNow - 400 * kDay, kNow - 120 * kDay};
  CHECK(segment_of(quiet, kNow) == Segment::at_risk);
  CHECK(kefu::routing::priority_of(Segment::vip) > kefu::routing::priority_of(Segment::active));
}

TEST_CASE("money counts by its currency: a yuan is not a dollar", "[customers][segments]") {
  using kefu::customers::reference_cents;
  CHECK(reference_cents("USD", 10'000) == 10'000);
  CHECK(reference_cents("CNY", 72'000) == 10'000);
  CHECK(reference_cents("JPY", 1'500'000) == 10'000);
  CHECK(reference_cents("", 5'000) == 5'000);  // unknown: counted as it is
  CHECK(reference_cents("XYZ", 5'000) == 5'000);
  // Eight orders within the month: 5,000 in yuan is about 690 reference units (the top money
  // band), 5,000 in yen about 33 (the lowest): VIP only in yuan.
  const OrderHistory in_yuan{8, reference_cents("CNY", 500'000), kNow - 300 * kDay, kNow - kDay};
  const OrderHistory in_yen{8, reference_cents("JPY", 500'000), kNow - 300 * kDay, kNow - kDay};
  CHECK(score_rfm(in_yuan, kNow).code() == "R5F4M5");
  CHECK(segment_of(in_yuan, kNow) == Segment::vip);
  CHECK(score_rfm(in_yen, kNow).code() == "R5F4M1");
  CHECK(segment_of(in_yen, kNow) == Segment::active);
  // 2,000 yuan (about 280 units) from eight orders is a good customer, not a VIP.
  const OrderHistory modest{8, reference_cents("CNY", 200'000), kNow - 300 * kDay, kNow - kDay};
  CHECK(segment_of(modest, kNow) == Segment::active);
}

TEST_CASE("the segment is recomputed as orders arrive", "[customers][segments]") {
  auto db = kefu::customers::testing::make_database();
  CustomerDirectory directory(db);
  OrderBook orders(directory);
  const std::string first = order_body("1", "70.00", "2026-10-30T10:15:00Z");
  const auto result = orders.receive_webhook(first, sign(first), kSecret, kNow);
  CHECK(stored_segment(db, result.customer_id) == Segment::new_customer);
  for (int i = 2; i <= 10; ++i) {
    const std::string body = order_body(std::to_string(i), "150.00",
                                        "2026-10-2" + std::to_string(i % 10) + "T10:15:00Z");
    orders.receive_webhook(body, sign(body), kSecret, kNow);
  }
  CHECK(stored_segment(db, result.customer_id) == Segment::vip);
  CHECK(build_customer_view(db, result.customer_id).at("routing_priority") ==
        kefu::routing::priority_of(Segment::vip));
}
