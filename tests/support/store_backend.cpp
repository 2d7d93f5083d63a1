#include "tests/support/store_backend.hpp"

#include <SQLiteCpp/Database.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "server/store/sqlite_store.hpp"
#include "tests/support/local_postgres.hpp"

namespace kefu::testing {

StoreBackend::StoreBackend() {
  if (testing_on_postgres()) {
    uri_ = LocalPostgres::shared().create_database();
    return;
  }
  char pattern[] = "/tmp/kefu-store-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  folder_ = pattern;
}

StoreBackend::~StoreBackend() {
  if (!folder_.empty()) std::filesystem::remove_all(folder_);
}

std::unique_ptr<store::Store> StoreBackend::open() const {
  if (postgres()) return std::make_unique<store::PostgresStore>(store::PostgresOptions(uri_));
  return std::make_unique<store::SqliteStore>(store::SqliteOptions(folder_ + "/d.db"));
}

std::string StoreBackend::text(const std::string& sql) const {
  if (postgres()) {
    store::PgConnection db(uri_);
    return db.exec(sql).text(0, 0);
  }
  SQLite::Database db(folder_ + "/d.db", SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getString();
}

std::int64_t StoreBackend::count(const std::string& sql) const {
  return std::stoll(text(sql));
}

}  // namespace kefu::testing
