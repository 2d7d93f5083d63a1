

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/customers/customer_view.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/widget_identification.hpp"
#include "tests/customers_test_support.hpp"

using namespace kefu::customers;
using kefu::customers::testing::kNow;
using kefu::customers::testing::WidgetCustomers;

TEST_CASE_METHOD(WidgetCustomers,
                 "only a verified identity of another customer raises a suggestion",
                 "[customers][claims]") {
  const auto first = widget.customer_for_visitor("v-1", kNow);
  const auto second = widget.customer_for_visitor("v-2", kNow);
  // Two visitors typing the same address prove nothing about each other.
  CHECK(widget.claim(first, IdentityKind::email, "lee@example.com", kNow).suggestion_ids.empty());
  CHECK(widget.claim(second, IdentityKind::email, "LEE@example.com", kNow).suggestion_ids.empty());
  // The shop's verified phone does.
  const auto lee = directory.create_customer("Lee", "Wei", kNow);
  directory.add_identity(lee, IdentityKind::phone, "+86 138 0013 8000", true, kNow);
  const auto receipt = widget.claim(second, IdentityKind::phone, "0086 13800138000", kNow);
  REQUIRE(receipt.suggestion_ids.size() == 1);
  CHECK(receipt.candidate_ids == std::vector<std::int64_t>{lee});

  const auto found = merges.suggestion(receipt.suggestion_ids[0]);
  REQUIRE(found);
  CHECK(found->match_key == "+8613800138000");
  CHECK(found->status == "open");
  CHECK_FALSE(merges.suggestion(receipt.suggestion_ids[0] + 100));

  // Both views name the other customer and the matched identity.
  const auto claimant_view = build_customer_view(db, second);
  const auto& s = claimant_view.at("merge_suggestions").at(0);
  CHECK(s.at("other_id").as_int64() == lee);
  CHECK(s.at("other_name").as_string() == "Lee Wei");
  CHECK(s.at("matched").as_string() == "+8613800138000");
  const auto candidate_view = build_customer_view(db, lee);
  CHECK(candidate_view.at("merge_suggestions").at(0).at("other_id").as_int64() == second);
}

TEST_CASE_METHOD(WidgetCustomers,
                 "a customer holds at most kMaxClaims claims, a refused one stores nothing",
                 "[customers][claims]") {
  const auto visitor = widget.customer_for_visitor("v-1", kNow);
  for (int i = 0; i < WidgetIdentification::kMaxClaims; ++i)
    widget.claim(visitor, IdentityKind::email, "me" + std::to_string(i) + "@example.com", kNow);
  // Repeating a claim it holds is not a new one.
  CHECK_NOTHROW(widget.claim(visitor, IdentityKind::email, "ME1@example.com", kNow));
  const auto held = directory.identities(visitor).size();
  CHECK_THROWS_AS(widget.claim(visitor, IdentityKind::phone, "+49 711 2842 2222", kNow),
                  ClaimLimitReached);
  CHECK(directory.identities(visitor).size() == held);
}

TEST_CASE_METHOD(WidgetCustomers, "merge decisions that come too late are conflicts",
                 "[customers][merges]") {
  const auto ann = directory.create_customer("Ann", "Lee", kNow);
  directory.add_identity(ann, IdentityKind::email, "ann@example.com", true, kNow);
  const auto visitor = widget.customer_for_visitor("v-1", kNow);
  const auto id =
      widget.claim(visitor, IdentityKind::email, "ann@example.com", kNow).suggestion_ids.at(0);

  const auto merge_id = merges.accept_suggestion(id, 7, kNow + 1);
  CHECK_THROWS_AS(merges.accept_suggestion(id, 8, kNow + 2), MergeConflict);
  CHECK_THROWS_AS(merges.dismiss_suggestion(id, 8, kNow + 2), MergeConflict);
  CHECK_THROWS_AS(merges.dismiss_suggestion(id + 50, 8, kNow + 2), CustomerNotFound);
  const auto record = merges.merge_record(merge_id);
  REQUIRE(record);
  CHECK(record->by_agent == 7);
  CHECK(record->source_id == visitor);
  const auto view = build_customer_view(db, ann);
  CHECK(view.at("merges").at(0).at("by_agent").as_int64() == 7);
  CHECK(view.at("merges").at(0).at("source_id").as_int64() == visitor);

  // Ann merged into Bo afterwards: undo that first.
  const auto bo = directory.create_customer("Bo", "", kNow);
  const auto outer = merges.merge(bo, ann, "agent", 9, kNow + 3);
  CHECK_THROWS_AS(merges.unmerge(merge_id, 9, kNow + 4), MergeConflict);
  CHECK(directory.current(visitor) == bo);
  merges.unmerge(outer, 9, kNow + 5);
  merges.unmerge(merge_id, 9, kNow + 6);
  CHECK(directory.current(visitor) == visitor);
  CHECK_THROWS_AS(merges.unmerge(merge_id, 9, kNow + 7), MergeConflict);
  CHECK_FALSE(merges.merge_record(merge_id + 100));
}

TEST_CASE_METHOD(WidgetCustomers, "a kept view reader sees every change and answers as a fresh one",
                 "[customers][view]") {
  CustomerViewReader reader(db);
  const auto ann = directory.create_customer("Ann", "Lee", kNow);
  directory.add_identity(ann, IdentityKind::email, "ann@example.com", true, kNow);
  const auto first = reader.build(ann);
  CHECK(first == build_customer_view(db, ann));
  CHECK(first.at("merge_suggestions").as_array().empty());

  const auto visitor = widget.customer_for_visitor("v-1", kNow);
  widget.claim(visitor, IdentityKind::email, "ann@example.com", kNow);
  const auto second = reader.build(ann);
  CHECK(second.at("merge_suggestions").as_array().size() == 1);
  CHECK(second == build_customer_view(db, ann));
  CHECK(reader.build(visitor) == build_customer_view(db, visitor));
  CHECK_THROWS_AS(reader.build(ann + 1000), CustomerNotFound);
  // After a failed build the reader still works, and writes are not blocked by it.
  directory.rename(ann, "Ann", "Li", kNow + 1);
  CHECK(reader.build(ann).at("display_name").as_string() == "Ann Li");
}
