#include "server/admin/admin_connection.hpp"

#include "server/store/sql/open_connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::admin {

std::unique_ptr<sql::Connection> open_admin_connection(const std::string& location) {
  auto db = sql::open_connection(location);
  if (sql::as_sqlite(*db) != nullptr) {
    db->exec("PRAGMA foreign_keys = ON");
    db->exec("PRAGMA wal_autocheckpoint = 0");
  }
  return db;
}

}  // namespace kefu::admin
