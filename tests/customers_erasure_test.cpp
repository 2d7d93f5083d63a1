

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/customers/customer_erasure.hpp"
#include "server/customers/customer_merges.hpp"
#include "server/customers/customer_notes.hpp"
#include "server/customers/customer_search.hpp"
#include "server/customers/customer_view.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/order_book.hpp"
#include "server/customers/widget_identification.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/customers_test_support.hpp"

using namespace kefu::customers;
namespace sql = kefu::sql;
using kefu::customers::testing::add_conversation;
using kefu::customers::testing::add_message;
using kefu::customers::testing::add_staff;
using kefu::customers::testing::kNow;

namespace {

std::string dump(sql::Connection& db, const std::string& text) {
  sql::Statement query(db, text);
  std::string rows;
  while (query.step()) {
    for (int i = 0; i < query.column_count(); ++i) rows += query.column(i).text() + "|";
    rows += "\n";
  }
  return rows;
}

// Two KPIs computed from the events alone, as the metrics do: the number of customer messages and
// the mean queue wait of assignments.
std::string kpis(kefu::customers::testing::TestDatabase& db) {
  const std::string wait = db.postgres() ? "CAST(CAST(data AS json)->>'wait_ms' AS numeric)"
                                         : "json_extract(data, '$.wait_ms')";
  return dump(db,
              "SELECT (SELECT COUNT(*) FROM events WHERE type = 'message_received'),"
              " (SELECT AVG(" +
                  wait +
                  ") FROM events"
                  "  WHERE type = 'conversation_assigned')");
}

}  // namespace

TEST_CASE("erasure removes personal data and keeps the events", "[customers][erasure]") {
  auto db = kefu::customers::testing::make_database();
  CustomerDirectory directory(db);
  CustomerMerges merges(directory);
  CustomerNotes notes(directory);
  OrderBook orders(directory);
  WidgetIdentification widget(directory, merges);
  CustomerSearch search(directory);

  ShopOrder order;
  order.id = "5001";
  order.email = "ann@example.com";
  order.phone = "+49 30 1234567";
  order.customer = ShopCustomer{"42", "Ann", "Lee", "ann@example.com", ""};
  order.shipping_address = "Unter den Linden 1, Berlin";
  order.total_cents = 4200;
  order.currency = "EUR";
  order.financial_status = "paid";
  order.created_at = kNow;
  order.line_items.push_back({"Green tea", 2, 2100, "TEA-1"});
  const auto ann = orders.upsert(order, kNow).customer_id;
  const auto visitor = widget.customer_for_visitor("v-1", kNow);
  widget.claim(visitor, IdentityKind::email, "ann@example.com", kNow);
  merges.merge(ann, visitor, "agent", 1, kNow);
  notes.add_note(ann, 1, "Lives at Unter den Linden", kNow);
  notes.add_tag(ann, "vip-candidate", kNow);

  const auto other = directory.create_customer("Bob", "Stone", kNow);
  add_staff(db, 9);
  add_conversation(db, 1, ann, "chat", "resolved", 100, 200, "", 9);
  add_conversation(db, 2, other, "chat", "open", 300, 400, "", 9);
  add_message(db, 1, 1, "customer", "My address is Unter den Linden 1", 110);
  add_message(db, 1, 2, "agent", "Thanks Ann, noted", 120);
  add_message(db, 2, 1, "customer", "Hello from Bob", 310);
  db.exec(
      "INSERT INTO events (at, type, conversation_id, customer_id, agent_id, channel, queue,"
      " data) VALUES"
      " (100, 'conversation_opened', 1, " +
      std::to_string(ann) +
      ", NULL, 'chat', 'general', '{}'),"
      " (110, 'message_received', 1, " +
      std::to_string(ann) +
      ", NULL, 'chat', 'general',"
      "  '{\"seq\":1,\"length\":32}'),"
      " (115, 'conversation_assigned', 1, " +
      std::to_string(ann) +
      ", 9, 'chat', 'general',"
      "  '{\"reason\":\"least_load\",\"wait_ms\":15}'),"
      " (310, 'message_received', 2, " +
      std::to_string(other) +
      ", NULL, 'chat', 'general',"
      "  '{\"seq\":1,\"length\":14}')");
  const std::string events_before = dump(db, "SELECT * FROM events ORDER BY id");
  const std::string kpis_before = kpis(db);

  const auto report = erase_customer(directory, ann, kNow + 1);
  CHECK(report.customers == 2);
  CHECK(report.identities == 5);  // shop id, email, phone; the visitor id and its claim
  CHECK(report.notes == 1);
  CHECK(report.orders == 1);
  CHECK(report.messages == 2);

  // Events, and so the KPIs, are exactly as they were.
  CHECK(dump(db, "SELECT * FROM events ORDER BY id") == events_before);
  CHECK(kpis(db) == kpis_before);

  // No personal data of Ann's is left anywhere.
  const std::string everything =
      dump(db, "SELECT * FROM customers") + dump(db, "SELECT * FROM customer_identities") +
      dump(db, "SELECT * FROM orders") + dump(db, "SELECT * FROM customer_notes") +
      dump(db, "SELECT * FROM customer_tags") + dump(db, "SELECT * FROM merge_suggestions") +
      dump(db, "SELECT * FROM messages");
  for (const char* personal : {"Ann", "ann@", "Lee", "Linden", "1234567", "vip-candidate"}) {
    INFO(personal);
    CHECK(everything.find(personal) == std::string::npos);
  }
  // Bob is untouched; Ann's orders still count (anonymously) for revenue.
  CHECK(dump(db, "SELECT body FROM messages WHERE conversation_id = 2") == "Hello from Bob|\n");
  CHECK(build_customer_view(db, other).at("display_name") == "Bob Stone");
  const auto view = build_customer_view(db, ann);
  CHECK(view.at("erased") == true);
  CHECK(view.at("identities").as_array().empty());
  CHECK(view.at("lifetime_value").at("amount") == "42.00");
  CHECK(search.search("Ann").empty());
  CHECK(search.search("ann@example.com").empty());

  // Nothing can be added to an erased customer; a second erasure changes nothing.
  CHECK_THROWS_AS(notes.add_note(ann, 1, "again", kNow), CustomerNotFound);
  const auto again = erase_customer(directory, ann, kNow + 2);
  CHECK(again.identities == 0);
  CHECK(again.messages == 0);
  CHECK_THROWS_AS(erase_customer(directory, 999, kNow), CustomerNotFound);
}
