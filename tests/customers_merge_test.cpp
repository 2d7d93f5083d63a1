

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/customers/customer_merges.hpp"
#include "server/customers/customer_notes.hpp"
#include "server/customers/customer_view.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/order_book.hpp"
#include "server/customers/widget_identification.hpp"
#include "tests/customers_test_support.hpp"

using namespace kefu::customers;
using kefu::customers::testing::add_conversation;
using kefu::customers::testing::kDay;
using kefu::customers::testing::kNow;
using kefu::customers::testing::WidgetCustomers;

namespace {

ShopOrder order(const std::string& id, const std::string& email, std::int64_t cents,
                std::int64_t at) {
  ShopOrder result;
  result.id = id;
  result.email = email;
  result.total_cents = cents;
  result.currency = "EUR";
  result.financial_status = "paid";
  result.created_at = at;
  result.line_items.push_back({"Item of " + id, 1, cents, "SKU-" + id});
  return result;
}

// The view without the parts that describe the merge itself.
boost::json::object without_merge_log(boost::json::object view) {
  view.erase("merges");
  view.erase("merge_suggestions");
  return view;
}

}  // namespace

TEST_CASE("merge and un-merge are a round trip", "[customers][merge]") {
  auto db = kefu::customers::testing::make_database();
  CustomerDirectory directory(db);
  CustomerMerges merges(directory);
  CustomerNotes notes(directory);
  OrderBook orders(directory);

  const auto ann =
      orders.upsert(order("A1", "ann@example.com", 5000, kNow - 3 * kDay), kNow).customer_id;
  orders.upsert(order("A2", "ann@example.com", 7000, kNow - 2 * kDay), kNow);
  const auto other =
      orders.upsert(order("B1", "ann.work@example.com", 900, kNow - kDay), kNow).customer_id;
  REQUIRE(ann != other);
  notes.add_note(ann, 3, "Prefers email", kNow);
  notes.add_note(other, 3, "Asked about invoices", kNow);
  notes.add_tag(ann, "wholesale", kNow);
  notes.add_tag(other, "wholesale", kNow);
  notes.add_tag(other, "b2b", kNow);
  directory.add_identity(other, IdentityKind::email, "ann@example.com", false, kNow);
  add_conversation(db, 1, ann, "chat", "resolved", 1, 2);
  add_conversation(db, 2, other, "ticket", "open", 3, 4);

  const auto ann_before = build_customer_view(db, ann);
  const auto other_before = build_customer_view(db, other);

  const auto merge_id = merges.merge(ann, other, "agent", 3, kNow);
  const auto merged = build_customer_view(db, ann);
  CHECK(merged.at("recent_orders").as_array().size() == 3);
  CHECK(merged.at("lifetime_value").at("amount") == "129.00");
  CHECK(merged.at("conversation_count") == 2);
  CHECK(merged.at("notes").as_array().size() == 2);
  CHECK(merged.at("tags") == boost::json::array{"b2b", "wholesale"});
  CHECK(merged.at("identities").as_array().size() == 2);
  CHECK(merged.at("merges").as_array().size() == 1);
  // The merged id now shows the customer it was merged into.
  CHECK(build_customer_view(db, other).at("id") == ann);
  CHECK(directory.current(other) == ann);
  CHECK_THROWS_AS(merges.merge(ann, other, "agent", 3, kNow), CustomerNotFound);
  CHECK_THROWS_AS(merges.merge(ann, ann, "agent", 3, kNow), InvalidCustomerInput);

  merges.unmerge(merge_id, 3, kNow + 1);
  CHECK(without_merge_log(build_customer_view(db, ann)) == without_merge_log(ann_before));
  CHECK(without_merge_log(build_customer_view(db, other)) == without_merge_log(other_before));
  CHECK_THROWS_AS(merges.unmerge(merge_id, 3, kNow + 2), InvalidCustomerInput);
  CHECK_THROWS_AS(merges.unmerge(merge_id + 100, 3, kNow + 2), CustomerNotFound);

  const auto log = merges.history(ann);
  REQUIRE(log.size() == 1);
  CHECK(log[0].by_agent == 3);
  CHECK(log[0].unmerged_at == kNow + 1);
}

TEST_CASE_METHOD(WidgetCustomers,
                 "the agent's view of a claimant shows the claim, not the matched customer",
                 "[customers][widget][view]") {
  OrderBook orders(directory);

  ShopOrder anns = order("A1", "ann@example.com", 5000, kNow - kDay);
  anns.customer = ShopCustomer{"42", "Ann", "Lee", "ann@example.com", "+49 30 1234567"};
  anns.shipping_address = "Unter den Linden 1, Berlin";
  const auto ann = orders.upsert(anns, kNow).customer_id;
  const auto ann_before = build_customer_view(db, ann);

  const auto visitor = widget.customer_for_visitor("v-9", kNow);
  widget.claim(visitor, IdentityKind::email, "ann@example.com", kNow);
  const auto view = build_customer_view(db, visitor);
  const std::string text = boost::json::serialize(view);

  CHECK(view.at("id") == visitor);
  CHECK(view.at("display_name") == "");
  CHECK(view.at("recent_orders").as_array().empty());
  CHECK(view.at("lifetime_value").at("order_count") == 0);
  CHECK(text.find("Unter den Linden") == std::string::npos);
  CHECK(text.find("+49") == std::string::npos);
  CHECK(text.find("A1") == std::string::npos);
  // The claim is shown as unverified, with a suggestion for the agent to decide on.
  CHECK(view.at("identities").at(1).at("verified") == false);
  REQUIRE(view.at("merge_suggestions").as_array().size() == 1);
  CHECK(view.at("merge_suggestions").at(0).at("candidate_id") == ann);

  // Ann's own view is unchanged but for the suggestion.
  auto ann_after = build_customer_view(db, ann);
  CHECK(ann_after.at("merge_suggestions").as_array().size() == 1);
  CHECK(without_merge_log(ann_after) == without_merge_log(ann_before));
}

TEST_CASE("notes and tags are added and removed", "[customers][view]") {
  auto db = kefu::customers::testing::make_database();
  CustomerDirectory directory(db);
  CustomerNotes notes(directory);
  const auto ann = directory.create_customer("Ann", "Lee", kNow);
  const auto note = notes.add_note(ann, 5, "Called about a late parcel", kNow);
  CHECK(notes.add_tag(ann, " late-delivery ", kNow));
  CHECK_FALSE(notes.add_tag(ann, "late-delivery", kNow));
  auto view = build_customer_view(db, ann);
  CHECK(view.at("notes").at(0).at("body") == "Called about a late parcel");
  CHECK(view.at("notes").at(0).at("author_id") == 5);
  CHECK(view.at("tags") == boost::json::array{"late-delivery"});

  CHECK_THROWS_AS(notes.add_note(ann, 5, "   ", kNow), InvalidCustomerInput);
  CHECK_THROWS_AS(notes.add_note(ann, 5, std::string(10001, 'x'), kNow), InvalidCustomerInput);
  CHECK_THROWS_AS(notes.add_note(999, 5, "hello", kNow), CustomerNotFound);
  CHECK_THROWS_AS(notes.add_tag(ann, "", kNow), InvalidCustomerInput);
  CHECK_THROWS_AS(notes.remove_note(ann, note + 1), CustomerNotFound);

  notes.remove_note(ann, note);
  CHECK(notes.remove_tag(ann, "late-delivery"));
  CHECK_FALSE(notes.remove_tag(ann, "late-delivery"));
  view = build_customer_view(db, ann);
  CHECK(view.at("notes").as_array().empty());
  CHECK(view.at("tags").as_array().empty());
  CHECK_THROWS_AS(build_customer_view(db, 999), CustomerNotFound);
}
