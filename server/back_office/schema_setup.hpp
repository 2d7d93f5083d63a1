#pragma once

#include <SQLiteCpp/Database.h>

namespace kefu {

// The tables of the parts beside the core store (metrics, customers, knowledge base), created
// if absent. Run after store::migrate; idempotent.
void prepare_schema(SQLite::Database& db);

}  // namespace kefu
