
#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>

#include "server/store/migrations.hpp"
#include "tests/support/store_fixture.hpp"

using namespace kefu::store;

using test::ScratchDatabase;

TEST_CASE("migrations bring a new database to the latest version and are idempotent") {
  ScratchDatabase tmp;
  SQLite::Database db(tmp.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  CHECK(migrate(db) == latest_schema_version());
  CHECK(migrate(db) == latest_schema_version());
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == latest_schema_version());
  CHECK(db.tableExists("events"));
}

// The Store's contract on both backends: store_backend_test.cpp.
