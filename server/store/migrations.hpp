#pragma once

#include <SQLiteCpp/Database.h>

namespace kefu::store {

// Brings the schema up to the newest version, one numbered step at a time, each in its own
// transaction; the version is kept in PRAGMA user_version. Returns the version reached.
// Safe to call on every start: steps already applied are skipped.
int migrate(SQLite::Database& db);

// The version migrate() brings a database to.
int latest_schema_version();

}  // namespace kefu::store
