// The store writer's VFS gathers a transaction's log frames and writes them at the sync: fewer
// system calls, and nothing any connection reads may change. And the store's connections wait
// for each other's locks in short steps.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "server/store/coalescing_wal_vfs.hpp"
#include "server/store/short_busy_wait.hpp"
#include "server/store/sqlite_store.hpp"
#include "tests/support/store_fixture.hpp"

using kefu::store::coalescing_wal_vfs;
using kefu::store::coalescing_wal_vfs_counts;

namespace {

// A connection as the store's writer opens it: WAL, a sync at every COMMIT, this VFS.
SQLite::Database open_coalescing(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 5000,
                      coalescing_wal_vfs());
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA wal_autocheckpoint = 0");
  return db;
}

// Another connection on the default VFS, as the store's readers and checkpointer open theirs.
SQLite::Database open_plain(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.setBusyTimeout(5000);
  return db;
}

int rows(SQLite::Database& db) {
  return db.execAndGet("SELECT count(*) FROM t").getInt();
}

// Adds `count` rows of 3,000 random bytes (a page each) to t on `db`, in one transaction.
void commit_rows(SQLite::Database& db, int count) {
  SQLite::Transaction tx(db);
  for (int i = 0; i < count; ++i) db.exec("INSERT INTO t(v) VALUES (randomblob(3000))");
  tx.commit();
}

std::string integrity(SQLite::Database& db) {
  return db.execAndGet("PRAGMA integrity_check").getString();
}

}  // namespace

TEST_CASE("a commit's log frames go out in a few writes, and other connections read them") {
  kefu::store::test::ScratchDatabase scratch;
  auto writer = open_coalescing(scratch.path);
  writer.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
  auto reader = open_plain(scratch.path);
  REQUIRE(rows(reader) == 0);

  const auto before = coalescing_wal_vfs_counts();
  commit_rows(writer, 300);
  const auto after = coalescing_wal_vfs_counts();
  const auto received = after.received - before.received;
  const auto issued = after.issued - before.issued;
  // 300 rows of 3,000 bytes: a page each, and each frame is a header and a page.
  CHECK(received >= 600);
  CHECK(issued >= 1);
  CHECK(issued * 20 <= received);

  CHECK(rows(reader) == 300);
  CHECK(reader.execAndGet("SELECT sum(length(v)) FROM t").getInt64() == 300 * 3000);
  CHECK(integrity(reader) == "ok");

  // The checkpointer's connection copies what it wrote into the database file.
  reader.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  writer.exec("INSERT INTO t(v) VALUES (randomblob(3000))");
  CHECK(rows(reader) == 301);
  CHECK(integrity(writer) == "ok");
}

TEST_CASE("a transaction larger than the cache reads its own spilled frames and rolls back") {
  kefu::store::test::ScratchDatabase scratch;
  auto writer = open_coalescing(scratch.path);
  writer.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
  writer.exec("INSERT INTO t(v) VALUES ('kept')");
  writer.exec("PRAGMA cache_size = 10");  // pages: the transaction below spills to the log
  auto reader = open_plain(scratch.path);

  {
    SQLite::Transaction tx(writer);
    for (int i = 0; i < 400; ++i) writer.exec("INSERT INTO t(v) VALUES (randomblob(3000))");
    // Reading back every row needs pages that were spilled, i.e. written to the log.
    CHECK(rows(writer) == 401);
    CHECK(writer.execAndGet("SELECT sum(length(v)) FROM t WHERE id > 1").getInt64() == 400 * 3000);
    CHECK(rows(reader) == 1);  // not committed: invisible to others
  }                            // rolled back

  CHECK(rows(writer) == 1);
  CHECK(rows(reader) == 1);
  CHECK(writer.execAndGet("SELECT v FROM t").getString() == "kept");

  // The log goes on from where the rolled-back frames were, and the next commit is whole.
  commit_rows(writer, 400);
  CHECK(rows(reader) == 401);
  CHECK(integrity(reader) == "ok");
}

TEST_CASE("what the writer committed is there after the connections close and reopen") {
  kefu::store::test::ScratchDatabase scratch;
  {
    auto writer = open_coalescing(scratch.path);
    writer.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
    for (int i = 0; i < 50; ++i) writer.exec("INSERT INTO t(v) VALUES (randomblob(5000))");
  }
  auto reopened = open_plain(scratch.path);
  CHECK(rows(reopened) == 50);
  CHECK(integrity(reopened) == "ok");
}

TEST_CASE("the store takes only SQLite's synchronous levels, in any case") {
  kefu::store::test::ScratchDatabase scratch;
  kefu::store::SqliteOptions bad;
  bad.path = scratch.path;
  bad.synchronous = "FULL; DROP TABLE messages";
  CHECK_THROWS_AS(kefu::store::SqliteStore(bad), std::invalid_argument);
  bad.synchronous = "";
  CHECK_THROWS_AS(kefu::store::SqliteStore(bad), std::invalid_argument);

  kefu::store::SqliteOptions normal;
  normal.path = scratch.path;
  normal.synchronous = "normal";
  kefu::store::SqliteStore store(normal);
  store.close();
  auto db = open_plain(scratch.path);
  CHECK(db.execAndGet("SELECT count(*) FROM messages").getInt() == 0);
}

TEST_CASE("a connection waiting for a lock takes it once it is free, and gives up at its limit") {
  kefu::store::test::ScratchDatabase scratch;
  auto holder = open_coalescing(scratch.path);
  holder.exec("CREATE TABLE t(v)");
  SQLite::Database waiter(scratch.path, SQLite::OPEN_READWRITE);
  kefu::store::wait_briefly_when_busy(waiter.getHandle(), std::chrono::milliseconds(40));

  holder.exec("BEGIN IMMEDIATE");
  auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(waiter.exec("BEGIN IMMEDIATE"), Catch::Contains("locked"));
  const auto gave_up_after = std::chrono::steady_clock::now() - start;
  CHECK(gave_up_after >= std::chrono::milliseconds(40));
  CHECK(gave_up_after < std::chrono::seconds(2));

  // Released by another thread 30 ms from now: the waiter (limit 5 s) gets it.
  kefu::store::wait_briefly_when_busy(waiter.getHandle(), std::chrono::milliseconds(5000));
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    holder.exec("COMMIT");
  });
  start = std::chrono::steady_clock::now();
  waiter.exec("BEGIN IMMEDIATE");
  const auto waited = std::chrono::steady_clock::now() - start;
  release.join();
  waiter.exec("INSERT INTO t VALUES (1)");
  waiter.exec("COMMIT");
  CHECK(waited < std::chrono::seconds(2));
  CHECK(holder.execAndGet("SELECT count(*) FROM t").getInt() == 1);
}
