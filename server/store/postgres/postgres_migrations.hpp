#pragma once

#include "server/store/postgres/pg_connection.hpp"

namespace kefu::store {

// Brings a PostgreSQL database's schema up to the newest version, one numbered step at a time,
// each in its own transaction; applied versions are rows of `schema_migrations`. Several nodes
// may start at once: each step runs under a transaction-level advisory lock and re-reads the
// version inside it, so a step is applied exactly once. Returns the version reached.
int migrate_postgres(PgConnection& db);

// The version a database is at (0: never migrated).
int postgres_schema_version(PgConnection& db);

// True for a store location naming PostgreSQL (postgresql://... or postgres://...).
bool is_postgres_uri(const std::string& location);

// The version migrate_postgres() brings a database to.
int latest_postgres_schema_version();

}  // namespace kefu::store
