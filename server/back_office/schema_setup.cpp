#include "server/back_office/schema_setup.hpp"

#include "server/customers/schema.hpp"
#include "server/metrics/schema.hpp"

namespace kefu {

void prepare_schema(SQLite::Database& db) {
  metrics::create_schema(db);
  customers::create_schema(db);
  db.exec(
      "CREATE INDEX IF NOT EXISTS conversations_by_customer_time "
      "ON conversations(customer_id, created_at)");
}

}  // namespace kefu
