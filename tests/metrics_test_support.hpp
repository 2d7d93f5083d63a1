#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/domain/event.hpp"
#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"
#include "tests/support/sql_backend.hpp"

namespace kefu::metrics::test {

// ms since the epoch of a UTC civil time, computed without ICU (H. Hinnant's days_from_civil),
// so that the expectations do not share code with the engine under test.
inline std::int64_t utc(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = era * 146097 + doe - 719468;
  return ((days * 24 + hh) * 60 + mm) * 60'000 + ss * 1000;
}

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHour = 60 * kMinute;

// A fresh database on the engine KEFU_TEST_STORE names (tests/support/sql_backend.hpp): an
// empty SQLite file (the metrics make their tables), or PostgreSQL migrated to the newest
// schema. Used wherever a sql::Connection is wanted.
class MetricsDatabase {
 public:
  MetricsDatabase() : connection_(backend_.open()) {}
  operator sql::Connection&() { return *connection_; }
  void exec(const std::string& script) { connection_->exec(script); }
  bool postgres() const { return backend_.postgres(); }

 private:
  kefu::testing::SqlBackend backend_;
  std::unique_ptr<sql::Connection> connection_;
};

// The `events` table exactly as docs/events.md describes it (PostgreSQL's migrations made it).
inline void create_events_table(MetricsDatabase& db) {
  if (db.postgres()) return;
  db.exec(
      "CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL,"
      " conversation_id INTEGER, customer_id INTEGER, agent_id INTEGER, channel TEXT,"
      " queue TEXT, data TEXT NOT NULL)");
}

// Appends events to the `events` table in order, giving each its id.
inline void append_events(sql::Connection& db, std::vector<Event>& events) {
  sql::Transaction tx(db);
  sql::Statement insert(db,
                        "INSERT INTO events (at, type, conversation_id, customer_id, agent_id,"
                        " channel, queue, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  for (Event& e : events) {
    insert.bind(1, e.at);
    insert.bind(2, e.type);
    if (e.conversation_id)
      insert.bind(3, *e.conversation_id);
    else
      insert.bind_null(3);
    if (e.customer_id)
      insert.bind(4, *e.customer_id);
    else
      insert.bind_null(4);
    if (e.agent_id)
      insert.bind(5, *e.agent_id);
    else
      insert.bind_null(5);
    if (e.channel)
      insert.bind(6, *e.channel);
    else
      insert.bind_null(6);
    if (e.queue)
      insert.bind(7, *e.queue);
    else
      insert.bind_null(7);
    insert.bind(8, e.data);
    e.id = insert.insert_returning_id().value();
    insert.reset();
  }
  tx.commit();
}

// Builds events tersely: conversation events carry the conversation's queue and channel.
class EventScript {
 public:
  // A conversation event.
  EventScript& conv(std::int64_t at, const std::string& type, std::int64_t conversation,
                    const std::string& channel, const std::string& queue,
                    std::optional<std::int64_t> agent = std::nullopt,
                    const std::string& data = "{}") {
    Event e;
    e.at = at;
    e.type = type;
    e.conversation_id = conversation;
    e.channel = channel;
    e.queue = queue;
    e.agent_id = agent;
    e.data = data;
    events.push_back(e);
    return *this;
  }
  // An agent status change.
  EventScript& status(std::int64_t at, std::int64_t agent, const std::string& status) {
    Event e;
    e.at = at;
    e.type = "agent_status_changed";
    e.agent_id = agent;
    e.data = R"({"status":")" + status + R"(","by":"agent"})";
    events.push_back(e);
    return *this;
  }
  std::vector<Event> events;
};

}  // namespace kefu::metrics::test
