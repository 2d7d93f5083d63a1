#include "server/back_office/schema_setup.hpp"

#include "server/customers/schema.hpp"
#include "server/metrics/schema.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu {

void prepare_schema(SQLite::Database& db) {
  metrics::create_schema(db);
  customers::create_schema(db);
  db.exec(
      "CREATE INDEX IF NOT EXISTS conversations_by_customer_time "
      "ON conversations(customer_id, created_at)");
}

void prepare_schema_on(sql::Connection& db) {
  if (auto* sqlite = sql::as_sqlite(db)) prepare_schema(sqlite->database());
}

}  // namespace kefu
