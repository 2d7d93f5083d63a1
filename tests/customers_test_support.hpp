#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "server/customers/customer_directory.hpp"
#include "server/customers/customer_merges.hpp"
#include "server/customers/schema.hpp"
#include "server/customers/widget_identification.hpp"
#include "server/store/migrations.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/support/sql_backend.hpp"

namespace kefu::customers::testing {

// 2026-11-01T00:00:00Z, the "now" of most tests.
inline constexpr std::int64_t kNow = 1793491200000;
inline constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;

// A fresh database with the whole schema, as `kefu migrate` makes it, on the engine
// KEFU_TEST_STORE names (tests/support/sql_backend.hpp): SQLite's migrations and the customer
// schema, or PostgreSQL's migrations. Used wherever a sql::Connection is wanted.
class TestDatabase {
 public:
  TestDatabase() : connection_(backend_.open()) {
    if (auto* sqlite = sql::as_sqlite(*connection_)) {
      store::migrate(sqlite->database());
      create_schema(sqlite->database());
    }
  }
  operator sql::Connection&() { return *connection_; }
  sql::Connection& connection() { return *connection_; }
  void exec(const std::string& script) { connection_->exec(script); }
  bool postgres() const { return backend_.postgres(); }

 private:
  kefu::testing::SqlBackend backend_;
  std::unique_ptr<sql::Connection> connection_;
};

inline TestDatabase make_database() {
  return TestDatabase();
}

// Staff user `id` (conversations name their agent): inserted as the store does.
inline void add_staff(TestDatabase& db, std::int64_t id) {
  db.exec("INSERT INTO users (id, login, display_name, role, password_hash, created_at) VALUES (" +
          std::to_string(id) + ", 'staff" + std::to_string(id) + "', 'Staff', 'agent', 'x', 1)");
}

// A conversation row as the store keeps it (queue "general", queued when created), for tests
// of what reads conversations.
inline void add_conversation(TestDatabase& db, std::int64_t id, std::int64_t customer_id,
                             const std::string& channel, const std::string& status,
                             std::int64_t created_at, std::int64_t updated_at,
                             const std::string& subject = "",
                             std::optional<std::int64_t> agent_id = std::nullopt) {
  sql::Statement insert(db,
                        "INSERT INTO conversations (id, customer_id, channel, status, queue, "
                        "subject, agent_id, created_at, queued_at, updated_at) "
                        "VALUES (?, ?, ?, ?, 'general', ?, ?, ?, ?, ?)");
  insert.bind(1, id).bind(2, customer_id).bind(3, channel).bind(4, status).bind(5, subject);
  insert.bind(6, agent_id).bind(7, created_at).bind(8, created_at).bind(9, updated_at);
  insert.exec();
}

// A message of a conversation as the store keeps it.
inline void add_message(TestDatabase& db, std::int64_t conversation_id, std::int64_t seq,
                        const std::string& author_kind, const std::string& body,
                        std::int64_t created_at) {
  sql::Statement insert(db,
                        "INSERT INTO messages (conversation_id, seq, author_kind, author_id, "
                        "client_id, body, created_at) VALUES (?, ?, ?, 0, ?, ?, ?)");
  insert.bind(1, conversation_id).bind(2, seq).bind(3, author_kind);
  insert.bind(4, "c" + std::to_string(conversation_id) + "-" + std::to_string(seq));
  insert.bind(5, body).bind(6, created_at);
  insert.exec();
}

// A fresh database with the customer directory, its merges and the widget's identification
// on it: what a test of visitors, claims and merges starts from.
struct WidgetCustomers {
  TestDatabase db;
  CustomerDirectory directory{db.connection()};
  CustomerMerges merges{directory};
  WidgetIdentification widget{directory, merges};
};

}  // namespace kefu::customers::testing
