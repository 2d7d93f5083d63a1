#include "server/store/sql/open_connection.hpp"

#include "server/store/postgres/postgres_migrations.hpp"
#include "server/store/sql/postgres_connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::sql {

std::unique_ptr<Connection> open_connection(const std::string& location) {
  if (store::is_postgres_uri(location)) return std::make_unique<PostgresConnection>(location);
  return std::make_unique<SqliteConnection>(location, SQLite::OPEN_READWRITE);
}

}  // namespace kefu::sql
