#include "server/store/sql/sqlite_connection.hpp"

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

namespace kefu::sql {
namespace {

Error error_of(const SQLite::Exception& e) {
  const int code = e.getErrorCode();
  const int extended = e.getExtendedErrorCode();
  Error::Kind kind = Error::Kind::other;
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    kind = Error::Kind::busy;
  } else if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
    kind = Error::Kind::duplicate;
  } else if (code == SQLITE_CONSTRAINT) {
    kind = Error::Kind::constraint;
  }
  return Error(kind, std::string("sqlite: ") + e.what());
}

// Runs `work`, turning SQLiteCpp's exceptions into sql::Error.
template <typename Work>
auto translated(Work&& work) {
  try {
    return work();
  } catch (const SQLite::Exception& e) {
    throw error_of(e);
  }
}

class SqliteCursor final : public Cursor {
 public:
  SqliteCursor(SQLite::Database& db, std::string_view sql)
      : db_(db), statement_(translated([&] { return SQLite::Statement(db, std::string(sql)); })) {}

  void bind_null(int position) override {
    translated([&] { statement_.bind(position); });
  }
  void bind_int64(int position, std::int64_t value) override {
    translated([&] { statement_.bind(position, static_cast<int64_t>(value)); });
  }
  void bind_real(int position, double value) override {
    translated([&] { statement_.bind(position, value); });
  }
  void bind_text(int position, std::string_view value) override {
    // As text (SQLiteCpp binds a pointer and a size as a blob, which never equals text).
    translated([&] { statement_.bind(position, std::string(value)); });
  }
  void clear_bindings() override {
    translated([&] { statement_.clearBindings(); });
  }
  bool step() override {
    return translated([&] { return statement_.executeStep(); });
  }
  int run() override {
    return translated([&] {
      while (statement_.executeStep()) {
      }
      return sqlite3_changes(db_.getHandle());
    });
  }
  void reset() override {
    translated([&] { statement_.reset(); });
  }
  int column_count() const override { return statement_.getColumnCount(); }
  bool is_integer(int column) const override {
    return translated([&] { return statement_.getColumn(column).isInteger(); });
  }
  bool is_null(int column) const override {
    return translated([&] { return statement_.isColumnNull(column); });
  }
  std::int64_t int64(int column) const override {
    return translated([&] { return statement_.getColumn(column).getInt64(); });
  }
  double real(int column) const override {
    return translated([&] { return statement_.getColumn(column).getDouble(); });
  }
  std::string_view text(int column) const override {
    return translated([&] {
      const SQLite::Column c = statement_.getColumn(column);
      const char* bytes = static_cast<const char*>(c.getBlob());
      const int size = c.getBytes();
      return bytes == nullptr ? std::string_view() : std::string_view(bytes, size);
    });
  }

 private:
  SQLite::Database& db_;
  SQLite::Statement statement_;
};

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, int flags, int busy_timeout_ms)
    : owned_(std::in_place, path, flags, busy_timeout_ms), db_(*owned_) {}

SqliteConnection::SqliteConnection(SQLite::Database& db) : db_(db) {}

const Dialect& SqliteConnection::dialect() const {
  static const Dialect dialect{
      "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)",
  };
  return dialect;
}

std::unique_ptr<Cursor> SqliteConnection::prepare(std::string_view sql) {
  return std::make_unique<SqliteCursor>(db_, sql);
}

void SqliteConnection::exec(std::string_view script) {
  translated([&] { db_.exec(std::string(script)); });
}

bool SqliteConnection::in_transaction() const {
  return sqlite3_get_autocommit(db_.getHandle()) == 0;
}

void SqliteConnection::begin(bool write) {
  exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
}

bool SqliteConnection::has_table(std::string_view name) {
  return translated([&] { return db_.tableExists(std::string(name)); });
}

bool SqliteConnection::has_column(std::string_view table, std::string_view column) {
  SqliteCursor columns(db_, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
  columns.bind_text(1, table);
  columns.bind_text(2, column);
  return columns.step();
}

SqliteConnection* as_sqlite(Connection& db) {
  return dynamic_cast<SqliteConnection*>(&db);
}

}  // namespace kefu::sql
