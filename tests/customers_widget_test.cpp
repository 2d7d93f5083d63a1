

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/customers/customer_view.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/order_book.hpp"
#include "server/customers/signatures.hpp"
#include "server/customers/widget_identification.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/customers_test_support.hpp"

using namespace kefu::customers;
namespace sql = kefu::sql;
using kefu::customers::testing::add_conversation;
using kefu::customers::testing::kNow;
using kefu::customers::testing::WidgetCustomers;

namespace {

const std::string kSecret = "shop-secret";

std::int64_t count(sql::Connection& db, const std::string& text) {
  sql::Statement query(db, text);
  query.step();
  return query.column(0).int64();
}

}  // namespace

TEST_CASE_METHOD(WidgetCustomers, "a signed shop customer id attaches the visitor at once",
                 "[customers][widget]") {
  const auto shop_customer = directory.create_customer("Ann", "Lee", kNow);
  directory.add_identity(shop_customer, IdentityKind::shop_customer_id, "42", true, kNow);

  const auto anonymous = widget.customer_for_visitor("visitor-1", kNow);
  CHECK(anonymous != shop_customer);
  CHECK(widget.customer_for_visitor("visitor-1", kNow) == anonymous);
  add_conversation(db, 1, anonymous, "chat", "queued", 1, 1);

  SECTION("a good signature merges the visitor into the shop's customer") {
    const auto signature = to_hex(hmac_sha256(kSecret, "42"));
    CHECK(widget.attach_verified("visitor-1", "42", signature, kSecret, kNow + 1) == shop_customer);
    CHECK(widget.customer_for_visitor("visitor-1", kNow + 2) == shop_customer);
    CHECK(count(db, "SELECT customer_id FROM conversations") == shop_customer);
    const auto history = merges.history(shop_customer);
    REQUIRE(history.size() == 1);
    CHECK(history[0].reason == "verified_identity");
  }
  SECTION("a bad signature is refused and changes nothing") {
    const auto forged = to_hex(hmac_sha256("another-secret", "42"));
    CHECK_THROWS_AS(widget.attach_verified("visitor-1", "42", forged, kSecret, kNow + 1),
                    SignatureRejected);
    CHECK_THROWS_AS(widget.attach_verified("visitor-1", "42", "", kSecret, kNow + 1),
                    SignatureRejected);
    CHECK(widget.customer_for_visitor("visitor-1", kNow + 2) == anonymous);
    CHECK(count(db, "SELECT customer_id FROM conversations") == anonymous);
    CHECK(count(db, "SELECT COUNT(*) FROM customer_merges") == 0);
  }
  SECTION("a shared browser moves the visitor between shop customers, never merging them") {
    CHECK(widget.attach_verified("visitor-1", "42", to_hex(hmac_sha256(kSecret, "42")), kSecret,
                                 kNow + 1) == shop_customer);
    const auto bob = widget.attach_verified("visitor-1", "77", to_hex(hmac_sha256(kSecret, "77")),
                                            kSecret, kNow + 2);
    CHECK(bob != shop_customer);
    CHECK(widget.customer_for_visitor("visitor-1", kNow + 3) == bob);
    CHECK(directory.current(shop_customer) == shop_customer);
    CHECK(directory.find(IdentityKind::shop_customer_id, "77", true) == bob);
    CHECK(directory.find(IdentityKind::shop_customer_id, "42", true) == shop_customer);
    CHECK(merges.history(bob).empty());
  }
  SECTION("a new shop id becomes a verified identity of the visitor's customer") {
    const auto signature = to_hex(hmac_sha256(kSecret, "77"));
    CHECK(widget.attach_verified("visitor-1", "77", signature, kSecret, kNow + 1) == anonymous);
    CHECK(directory.find(IdentityKind::shop_customer_id, "77", true) == anonymous);
  }
}

TEST_CASE_METHOD(WidgetCustomers,
                 "an unverified claim never reveals or merges an existing customer",
                 "[customers][widget]") {
  const auto ann = directory.create_customer("Ann", "Lee", kNow);
  directory.add_identity(ann, IdentityKind::email, "ann@example.com", true, kNow);
  const auto visitor = widget.customer_for_visitor("visitor-2", kNow);
  const auto stranger = widget.customer_for_visitor("visitor-3", kNow);

  const auto matching = widget.claim(visitor, IdentityKind::email, "ANN+x@Example.com", kNow);
  const auto unmatched = widget.claim(stranger, IdentityKind::email, "nobody@example.com", kNow);

  // The claimant stays who they were; nothing of Ann moved to them.
  CHECK(matching.customer_id == visitor);
  CHECK(widget.customer_for_visitor("visitor-2", kNow) == visitor);
  CHECK(directory.current(visitor) == visitor);
  CHECK(count(db, "SELECT COUNT(*) FROM customer_merges") == 0);
  CHECK(directory.identities(ann).size() == 1);
  CHECK(directory.find(IdentityKind::email, "ann@example.com", true) == ann);
  const auto claimed = directory.identities(visitor);
  REQUIRE(claimed.size() == 2);
  CHECK(claimed[1].value == "ANN+x@Example.com");
  CHECK_FALSE(claimed[1].verified);

  // The widget's answer is the same whether or not the address matched someone.
  CHECK(WidgetIdentification::widget_reply() ==
        boost::json::object{{"type", "identity_claim"}, {"status", "received"}});

  // Agents get a suggestion to decide on.
  REQUIRE(matching.suggestion_ids.size() == 1);
  CHECK(unmatched.suggestion_ids.empty());
  const auto open = merges.open_suggestions(visitor);
  REQUIRE(open.size() == 1);
  CHECK(open[0].candidate_id == ann);

  SECTION("an agent accepting the suggestion merges, and can undo it") {
    const auto merge_id = merges.accept_suggestion(open[0].id, 7, kNow + 5);
    CHECK(directory.current(visitor) == ann);
    CHECK(merges.open_suggestions(ann).empty());
    merges.unmerge(merge_id, 7, kNow + 6);
    CHECK(directory.current(visitor) == visitor);
    CHECK(directory.identities(ann).size() == 1);
    CHECK(directory.identities(visitor).size() == 2);
    CHECK(merges.open_suggestions(visitor).size() == 1);
  }
  SECTION("a dismissed suggestion merges nothing") {
    merges.dismiss_suggestion(open[0].id, 7, kNow + 5);
    CHECK(merges.open_suggestions(visitor).empty());
    CHECK(directory.current(visitor) == visitor);
    CHECK_THROWS_AS(merges.accept_suggestion(open[0].id, 7, kNow + 6), InvalidCustomerInput);
  }
  SECTION("invalid claims are refused") {
    CHECK_THROWS_AS(widget.claim(visitor, IdentityKind::email, "nope", kNow), InvalidCustomerInput);
    CHECK_THROWS_AS(widget.claim(visitor, IdentityKind::shop_customer_id, "42", kNow),
                    InvalidCustomerInput);
    CHECK(directory.identities(visitor).size() == 2);
  }
}

TEST_CASE_METHOD(WidgetCustomers,
                 "a claim made before the shop knew the customer does not capture their orders",
                 "[customers][widget]") {
  OrderBook orders(directory);

  const auto visitor = widget.customer_for_visitor("v-early", kNow);
  CHECK(widget.claim(visitor, IdentityKind::email, "ann@example.com", kNow).suggestion_ids.empty());

  ShopOrder order;
  order.id = "9001";
  order.email = "ann@example.com";
  order.total_cents = 1000;
  order.currency = "EUR";
  order.created_at = kNow;
  const auto stored = orders.upsert(order, kNow + 1);
  CHECK(stored.customer_id != visitor);
  CHECK(directory.find(IdentityKind::email, "ann@example.com", true) == stored.customer_id);
  CHECK(directory.identities(visitor).size() == 2);
  CHECK_FALSE(directory.identities(visitor)[1].verified);
}

TEST_CASE_METHOD(WidgetCustomers,
                 "the shop customer's history lists a conversation opened under the visitor's "
                 "id after the visitor was identified",
                 "[customers][widget]") {
  const auto shop_customer = directory.create_customer("Ann", "Lee", kNow);
  directory.add_identity(shop_customer, IdentityKind::shop_customer_id, "42", true, kNow);
  const auto anonymous = widget.customer_for_visitor("visitor-1", kNow);
  const auto signature = to_hex(hmac_sha256(kSecret, "42"));
  REQUIRE(widget.attach_verified("visitor-1", "42", signature, kSecret, kNow + 1) == shop_customer);
  // The desk holds the socket's customer id from before the identification and opens the
  // conversation under it.
  add_conversation(db, 1, anonymous, "ticket", "queued", 5, 5, "Tin dented");
  add_conversation(db, 2, shop_customer, "chat", "resolved", 3, 4);

  for (const auto asked : {shop_customer, anonymous}) {
    const auto view = build_customer_view(db, asked);
    CHECK(view.at("id") == shop_customer);
    CHECK(view.at("conversation_count") == 2);
    const auto& past = view.at("conversations").as_array();
    REQUIRE(past.size() == 2);
    CHECK(past[0].at("channel") == "ticket");  // newest first
    CHECK(past[0].at("subject") == "Tin dented");
    CHECK(past[1].at("channel") == "chat");
  }
  // Another customer's conversations never appear.
  const auto stranger = directory.create_customer("Bo", "Wu", kNow);
  add_conversation(db, 3, stranger, "chat", "queued", 9, 9);
  CHECK(build_customer_view(db, shop_customer).at("conversation_count") == 2);
  CHECK(build_customer_view(db, stranger).at("conversation_count") == 1);
}
