#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>

#include "server/customers/customer_directory.hpp"
#include "server/customers/customer_merges.hpp"
#include "server/customers/schema.hpp"
#include "server/customers/widget_identification.hpp"

namespace kefu::customers::testing {

// 2026-11-01T00:00:00Z, the "now" of most tests.
inline constexpr std::int64_t kNow = 1793491200000;
inline constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;

// An in-memory database with the customer schema and the conversation store's tables this
// library reads or erases (conversations, messages, events), made as the store makes them.
inline SQLite::Database make_database() {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(
      "CREATE TABLE customers (id INTEGER PRIMARY KEY, display_name TEXT, created_at INTEGER);"
      "CREATE TABLE conversations (id INTEGER PRIMARY KEY, customer_id INTEGER, channel TEXT,"
      " status TEXT, agent_id INTEGER, created_at INTEGER, updated_at INTEGER,"
      " queue TEXT NOT NULL DEFAULT 'general', subject TEXT NOT NULL DEFAULT '',"
      " last_agent_id INTEGER);"
      "CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id INTEGER, seq INTEGER,"
      " sender TEXT, body TEXT, created_at INTEGER);"
      "CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER, type TEXT,"
      " conversation_id INTEGER, customer_id INTEGER, agent_id INTEGER, channel TEXT,"
      " queue TEXT, data TEXT)");
  create_schema(db);
  return db;
}

// A fresh database with the customer directory, its merges and the widget's identification
// on it: what a test of visitors, claims and merges starts from.
struct WidgetCustomers {
  SQLite::Database db = make_database();
  CustomerDirectory directory{db};
  CustomerMerges merges{directory};
  WidgetIdentification widget{directory, merges};
};

}  // namespace kefu::customers::testing
