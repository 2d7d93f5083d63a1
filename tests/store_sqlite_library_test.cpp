#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "server/store/sqlite_library.hpp"

// Its own test program: SQLite's process-wide options can only be set before its first use.
TEST_CASE("SQLite's memory statistics are off once configured, and it is configured only once") {
  REQUIRE(kefu::store::configure_sqlite_library());
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("CREATE TABLE t(v TEXT)");
  db.exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) "
      "INSERT INTO t SELECT printf('%0500d', i) FROM n");
  CHECK(db.execAndGet("SELECT count(*) FROM t").getInt() == 100);
  CHECK(sqlite3_memory_used() == 0);  // not counted
  // SQLite is in use now: it keeps its options.
  CHECK_FALSE(kefu::store::configure_sqlite_library());
}
