#pragma once

#include <SQLiteCpp/Database.h>

namespace kefu::integration {

// Creates the `api_keys` table if it is missing (idempotent; called by prepare_schema on every
// start). Keys are stored as the SHA-256 of the whole key, never the key.
void create_schema(SQLite::Database& db);

}  // namespace kefu::integration
