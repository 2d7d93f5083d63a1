#include <catch2/catch.hpp>
#include <string>

#include "server/metrics/event_row.hpp"
#include "tests/metrics_test_support.hpp"

using kefu::Event;
using kefu::metrics::kEventRowColumns;
using kefu::metrics::read_event_row;

namespace {

void add_two_rows(kefu::metrics::test::MetricsDatabase& db) {
  kefu::metrics::test::create_events_table(db);
  db.exec(
      "INSERT INTO events VALUES (1, 1000, 'conversation_assigned', 7, 8, 9, 'chat',"
      " 'a queue with a name longer than the small-string buffer', '{\"reason\":\"new\"}')");
  db.exec(
      "INSERT INTO events VALUES (2, 2000, 'agent_status_changed', NULL, NULL, 3, NULL, NULL, '')");
}

}  // namespace

TEST_CASE("an event row is read whole, and a reused event keeps nothing of the row before",
          "[metrics]") {
  kefu::metrics::test::MetricsDatabase db;
  add_two_rows(db);
  kefu::sql::Statement rows(db,
                            std::string("SELECT ") + kEventRowColumns + " FROM events ORDER BY id");
  Event e;
  REQUIRE(rows.step());
  read_event_row(rows, e);
  CHECK(e.id == 1);
  CHECK(e.at == 1000);
  CHECK(e.type == "conversation_assigned");
  CHECK(e.conversation_id == 7);
  CHECK(e.customer_id == 8);
  CHECK(e.agent_id == 9);
  CHECK(e.channel == "chat");
  CHECK(e.queue == "a queue with a name longer than the small-string buffer");
  CHECK(e.data == R"({"reason":"new"})");

  REQUIRE(rows.step());
  read_event_row(rows, e);
  CHECK(e.id == 2);
  CHECK(e.at == 2000);
  CHECK(e.type == "agent_status_changed");
  CHECK_FALSE(e.conversation_id);
  CHECK_FALSE(e.customer_id);
  CHECK(e.agent_id == 3);
  CHECK_FALSE(e.channel);
  CHECK_FALSE(e.queue);
  CHECK(e.data.empty());
  CHECK_FALSE(rows.step());
}
