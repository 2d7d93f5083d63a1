#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "server/store/sql/connection.hpp"

namespace kefu::testing {

// A fresh database for the tests of a module on the neutral SQL layer (server/store/sql), on
// the engine KEFU_TEST_STORE names (testing_on_postgres(), local_postgres.hpp): a SQLite file
// in a scratch folder, empty, for the test to give the schema it wants; or a new database on
// the test process's LocalPostgres brought to the newest schema by migrate_postgres (every
// module's tables, as `kefu migrate --store` makes them).
class SqlBackend {
 public:
  SqlBackend();
  ~SqlBackend();
  SqlBackend(const SqlBackend&) = delete;
  SqlBackend& operator=(const SqlBackend&) = delete;

  // A new connection to this database.
  std::unique_ptr<sql::Connection> open() const;
  // The SQLite file, or the PostgreSQL URI.
  const std::string& location() const { return location_; }
  bool postgres() const { return postgres_; }

 private:
  bool postgres_ = false;
  std::string folder_;    // SQLite: the scratch folder
  std::string location_;  // SQLite: folder_/d.db; PostgreSQL: the URI
};

// A database on the tested engine with the store's schema, for the tests of a module that
// reads the store's tables: SQLite's migrations (`kefu migrate`; the modules make their own
// tables, as at a start), or PostgreSQL's (every table). Used wherever a sql::Connection is.
class MigratedDatabase {
 public:
  MigratedDatabase();
  operator sql::Connection&() { return *connection_; }
  sql::Connection& connection() { return *connection_; }
  // Another connection to the same database (two nodes, two threads).
  std::unique_ptr<sql::Connection> open_another() const { return backend_.open(); }
  void exec(const std::string& script) { connection_->exec(script); }
  // The first column of the first row of `query`, as an integer or a real.
  std::int64_t integer(const std::string& query);
  double real(const std::string& query);
  bool postgres() const { return backend_.postgres(); }

 private:
  SqlBackend backend_;
  std::unique_ptr<sql::Connection> connection_;
};

}  // namespace kefu::testing
