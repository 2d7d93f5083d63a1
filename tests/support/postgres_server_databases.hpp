#pragma once

#include <string>

namespace kefu::testing {

// Databases for TestServers on PostgreSQL (KEFU_TEST_STORE=postgresql): all on the test
// process's LocalPostgres (LocalPostgres::shared(), started on first use, gone with the
// process). The demo is put once per process into a template database: restored from this
// build's pg_dump of it kept under /dev/shm between test processes, else seeded by `kefu demo
// --store` and dumped for the next ones. Each server then gets a copy of its own (CREATE
// DATABASE ... TEMPLATE), much faster than seeding again. Thread-safe.
class PostgresServerDatabases {
 public:
  // A new database holding the demo data (every migration applied), and its URI.
  static std::string new_demo_database();
  // A new empty database (the server migrates it when it starts), and its URI.
  static std::string new_empty_database();
  // Drops the database at `uri` (a server on it must have stopped; connections still open to it
  // are ended). Never throws: a database left behind goes with the LocalPostgres.
  static void drop(const std::string& uri) noexcept;
};

}  // namespace kefu::testing
