#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>
#include <string>

#include "server/metrics/event_row.hpp"

using kefu::Event;
using kefu::metrics::kEventRowColumns;
using kefu::metrics::read_event_row;

namespace {

SQLite::Database events_with_two_rows() {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(
      "CREATE TABLE events(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL,"
      " conversation_id INTEGER, customer_id INTEGER, agent_id INTEGER, channel TEXT,"
      " queue TEXT, data TEXT NOT NULL DEFAULT '{}')");
  db.exec(
      "INSERT INTO events VALUES (1, 1000, 'conversation_assigned', 7, 8, 9, 'chat',"
      " 'a queue with a name longer than the small-string buffer', '{\"reason\":\"new\"}')");
  db.exec(
      "INSERT INTO events VALUES (2, 2000, 'agent_status_changed', NULL, NULL, 3, NULL, NULL, '')");
  return db;
}

}  // namespace

TEST_CASE("an event row is read whole, and a reused event keeps nothing of the row before",
          "[metrics]") {
  auto db = events_with_two_rows();
  SQLite::Statement rows(db,
                         std::string("SELECT ") + kEventRowColumns + " FROM events ORDER BY id");
  Event e;
  REQUIRE(rows.executeStep());
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

  REQUIRE(rows.executeStep());
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
  CHECK_FALSE(rows.executeStep());
}
