#include "server/integration/schema.hpp"

namespace kefu::integration {

void create_schema(SQLite::Database& db) {
  db.exec(R"sql(
    CREATE TABLE IF NOT EXISTS api_keys (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      prefix TEXT NOT NULL,             -- the key's first characters, shown to admins
      secret_hash TEXT NOT NULL UNIQUE, -- hex SHA-256 of the whole key
      scopes TEXT NOT NULL,             -- space-separated, e.g. "events:read reports:read"
      rate_per_minute INTEGER NOT NULL CHECK (rate_per_minute > 0),
      created_by INTEGER NOT NULL,      -- users.id of the admin
      created_at INTEGER NOT NULL,      -- ms since the epoch
      last_used_at INTEGER,             -- to the minute (ApiKeyGate writes at most once a minute)
      revoked_at INTEGER);
  )sql");
}

}  // namespace kefu::integration
