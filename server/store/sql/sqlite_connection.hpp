#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <optional>
#include <string>

#include "server/store/sql/connection.hpp"

namespace kefu::sql {

// A Connection on SQLite through SQLiteCpp: either a database file it opens and owns, or a
// view of a SQLite::Database someone else owns (a connection shared with code not yet on this
// layer: the knowledge base, the workspace). SQLiteCpp's exceptions come out as sql::Error.
class SqliteConnection final : public Connection {
 public:
  // Opens `path` (SQLite::OPEN_* flags) and waits up to `busy_timeout_ms` for locks.
  SqliteConnection(const std::string& path, int flags, int busy_timeout_ms = 5000);
  // Uses `db`, which must outlive this object.
  explicit SqliteConnection(SQLite::Database& db);

  Engine engine() const override { return Engine::sqlite; }
  const Dialect& dialect() const override;
  std::unique_ptr<Cursor> prepare(std::string_view sql) override;
  void exec(std::string_view script) override;
  bool in_transaction() const override;
  void begin(bool write) override;
  bool has_table(std::string_view name) override;
  bool has_column(std::string_view table, std::string_view column) override;

  // The handle, for SQLite-only work: its schema steps, PRAGMAs, checkpoints.
  SQLite::Database& database() { return db_; }

 private:
  std::optional<SQLite::Database> owned_;
  SQLite::Database& db_;
};

// The SQLite connection behind `db`, or nullptr on another engine: for schema code that only
// SQLite needs (PostgreSQL's schema is postgres_migrations').
SqliteConnection* as_sqlite(Connection& db);

}  // namespace kefu::sql
