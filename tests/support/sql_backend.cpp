#include "tests/support/sql_backend.hpp"

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "server/store/migrations.hpp"
#include "server/store/postgres/postgres_migrations.hpp"
#include "server/store/sql/open_connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/support/local_postgres.hpp"

namespace kefu::testing {

SqlBackend::SqlBackend() : postgres_(testing_on_postgres()) {
  if (postgres_) {
    location_ = LocalPostgres::shared().create_database();
    store::PgConnection db(location_);
    store::migrate_postgres(db);
    return;
  }
  char pattern[] = "/tmp/kefu-sql-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  folder_ = pattern;
  location_ = folder_ + "/d.db";
}

SqlBackend::~SqlBackend() {
  if (!folder_.empty()) std::filesystem::remove_all(folder_);
}

std::unique_ptr<sql::Connection> SqlBackend::open() const {
  if (postgres_) return sql::open_connection(location_);
  return std::make_unique<sql::SqliteConnection>(location_,
                                                 SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
}

MigratedDatabase::MigratedDatabase() : connection_(backend_.open()) {
  if (auto* sqlite = sql::as_sqlite(*connection_)) store::migrate(sqlite->database());
}

std::int64_t MigratedDatabase::integer(const std::string& query) {
  sql::Statement s(*connection_, query);
  if (!s.step()) throw std::runtime_error("no row: " + query);
  return s.column(0).int64();
}

double MigratedDatabase::real(const std::string& query) {
  sql::Statement s(*connection_, query);
  if (!s.step()) throw std::runtime_error("no row: " + query);
  return s.column(0).real();
}

}  // namespace kefu::testing
