#include "server/back_office/schema_setup.hpp"

#include "server/metrics/schema.hpp"

namespace kefu {

void prepare_schema(SQLite::Database& db) { metrics::create_schema(db); }

}  // namespace kefu
