#pragma once

#include <SQLiteCpp/Database.h>

#include "server/store/sql/connection.hpp"

namespace kefu {

// The tables of the parts beside the core store (metrics, customers, knowledge base), created
// if absent. Run after store::migrate; idempotent.
void prepare_schema(SQLite::Database& db);

// The same on a connection of either engine: on SQLite prepare_schema above; on PostgreSQL
// nothing, since its migrations (server/store/postgres/postgres_migrations.cpp) hold these
// tables already.
void prepare_schema_on(sql::Connection& db);

}  // namespace kefu
