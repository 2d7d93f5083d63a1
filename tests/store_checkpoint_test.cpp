// The write-ahead log is checkpointed by WalCheckpointer on its own thread, never inside the
// writer's COMMIT; and migration 2 keeps every message while it rebuilds the table.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "server/store/migrations.hpp"
#include "server/store/wal_checkpointer.hpp"
#include "tests/support/store_fixture.hpp"

using kefu::store::WalCheckpointer;

namespace {

SQLite::Database open_wal(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.setBusyTimeout(5000);  // as the store's writer: it may wait for a restart
  db.exec("PRAGMA journal_mode = WAL");
  return db;
}

// Commits `transactions` transactions of 8 KiB each (at least two log pages apiece).
void write_rows(SQLite::Database& db, int transactions) {
  for (int i = 0; i < transactions; ++i) {
    db.exec("INSERT INTO t(v) VALUES (randomblob(8192))");
  }
}

// Bytes in the database file itself: pages reach it only through a checkpoint.
std::uintmax_t database_bytes(const std::string& path) {
  return std::filesystem::file_size(path);
}

}  // namespace

TEST_CASE("the writer's commits leave the log to the checkpointer, which copies it") {
  kefu::store::test::ScratchDatabase scratch;
  const std::string& path = scratch.path;
  auto writer = open_wal(path);
  writer.exec("CREATE TABLE t(v BLOB)");
  WalCheckpointer checkpointer(path, "FULL", 200);
  checkpointer.watch(writer.getHandle());
  write_rows(writer, 30);  // about 120 pages: under the threshold, nothing is copied
  CHECK(checkpointer.checkpoints() == 0);
  write_rows(writer, 600);  // well past SQLite's own 1,000-page automatic checkpoint
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (checkpointer.checkpoints() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(checkpointer.checkpoints() >= 1);
  checkpointer.stop();  // runs a last checkpoint
  // (That SQLite's own checkpoint stays out of COMMIT is the next test's: here the log may
  // restart once it is twice the threshold, 400 pages.)
  CHECK(database_bytes(path) > 630 * 8192);
}

TEST_CASE("a writer watched with a high threshold never checkpoints inside its commits") {
  kefu::store::test::ScratchDatabase scratch;
  const std::string& path = scratch.path;
  auto writer = open_wal(path);
  writer.exec("CREATE TABLE t(v BLOB)");
  WalCheckpointer checkpointer(path, "FULL", 1'000'000);
  checkpointer.watch(writer.getHandle());
  write_rows(writer, 700);
  CHECK(std::filesystem::file_size(path + "-wal") > 1000 * 4096);
  CHECK(database_bytes(path) < 64 * 1024);
  CHECK(checkpointer.checkpoints() == 0);
}

TEST_CASE("migrating from schema 1 keeps every message and still refuses a bad author kind") {
  kefu::store::test::ScratchDatabase scratch;
  const std::string& path = scratch.path;
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  kefu::store::migrate(db);
  // Back to schema 1 as it shipped, with two messages in it: steps 5 to 20 (API keys, care
  // rules, alert thresholds, mail, notes, canned replies, attachments, webhooks, queues, hours
  // and SLA policies, care's segments and widget messages, the e-mail channel, attachments'
  // bytes, the shop's integration, conversations' priority, mail's claims and messages
  // received) undone, then step 4's staff management, then steps 2 and 3.
  db.exec("ALTER TABLE conversations DROP COLUMN priority");
  db.exec("ALTER TABLE conversations DROP COLUMN priority_by");
  for (const char* table : {"tag_catalogue", "shop_origins", "shop_secrets", "attachment_bytes"})
    db.exec(std::string("DROP TABLE ") + table);
  db.exec("DROP TABLE webhook_attempts");
  db.exec("DROP TABLE webhook_deliveries");
  db.exec("DROP TABLE webhook_subscriptions");
  db.exec("DELETE FROM meta WHERE key = 'webhooks_through_event'");
  for (const char* table : {"mail_received", "mail_shelved_attachments", "mail_outbox",
                            "mail_set_aside", "mail_bounces", "mail_senders", "mail_message_ids",
                            "mail_threads", "mail_imap_taken", "mail_inbox", "mailboxes"}) {
    db.exec(std::string("DROP TABLE ") + table);
  }
  for (const char* table : {"care_messages", "care_segments", "care_tasks", "care_jobs",
                            "care_rules", "care_order_milestones", "care_preferences"})
    db.exec(std::string("DROP TABLE ") + table);
  db.exec("DELETE FROM meta WHERE key = 'care_log_through'");
  db.exec("DROP TABLE api_keys");
  db.exec("DROP TABLE attachments");
  db.exec("DROP TABLE canned_replies");
  db.exec("DROP TABLE note_mentions");
  db.exec("DROP TABLE conversation_notes");
  db.exec("DROP TABLE team_hours");  // step 14
  db.exec("DROP TABLE sla_policies");
  db.exec("DROP TABLE admin_queues");  // step 13
  db.exec("DROP TABLE staff_links");
  db.exec("DROP TABLE skills");
  db.exec("ALTER TABLE users DROP COLUMN deactivated_at");
  db.exec("ALTER TABLE users DROP COLUMN password_state");
  db.exec("DROP TABLE messages");
  db.exec("DROP TABLE message_client_ids");
  db.exec("DELETE FROM meta WHERE key = 'client_ids_through_event'");
  db.exec("DROP INDEX events_by_conversation");
  db.exec("CREATE INDEX events_by_conversation ON events(conversation_id, id)");
  db.exec(
      "CREATE TABLE messages(conversation_id INTEGER NOT NULL REFERENCES conversations(id), "
      "seq INTEGER NOT NULL, author_kind TEXT NOT NULL CHECK (author_kind IN ('customer', "
      "'agent', 'system')), author_id INTEGER NOT NULL, client_id TEXT NOT NULL, body TEXT NOT "
      "NULL, created_at INTEGER NOT NULL, PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID");
  db.exec(
      "CREATE UNIQUE INDEX messages_by_client_id ON messages(author_kind, author_id, client_id)");
  db.exec("CREATE INDEX events_by_time ON events(at)");
  db.exec("INSERT INTO customers(id, display_name, created_at) VALUES (1, 'Ann', 1)");
  db.exec(
      "INSERT INTO conversations(id, customer_id, channel, status, queue, created_at, queued_at, "
      "updated_at) VALUES (1, 1, 'chat', 'queued', 'chat', 1, 1, 1)");
  db.exec(
      "INSERT INTO messages VALUES (1, 1, 'customer', 1, 'a', 'hello', 5), "
      "(1, 2, 'agent', 2, 'b', 'hi', 6)");
  db.exec("PRAGMA user_version = 1");

  CHECK(kefu::store::migrate(db) == kefu::store::latest_schema_version());
  CHECK(db.execAndGet("SELECT group_concat(seq || author_kind || client_id || body || created_at, "
                      "'|') FROM messages ORDER BY seq")
            .getString() == "1customerahello5|2agentbhi6");
  CHECK(
      db.execAndGet("SELECT COUNT(*) FROM sqlite_master WHERE name = 'events_by_time'").getInt() ==
      0);
  CHECK_THROWS(
      db.exec("INSERT INTO messages(conversation_id, seq, author_kind, author_id, client_id, "
              "body, created_at) VALUES (1, 3, 'robot', 1, 'c', 'x', 7)"));
  CHECK(db.execAndGet("SELECT COUNT(*) FROM messages").getInt() == 2);
  // Their client_ids moved to the writer's ledger (step 3), so a retry is still recognised.
  CHECK(db.execAndGet("SELECT group_concat(author_kind || author_id || client_id || seq, '|') "
                      "FROM message_client_ids")
            .getString() == "agent2b2|customer1a1");
}

TEST_CASE("a long log is restarted from its beginning while readers come and go") {
  kefu::store::test::ScratchDatabase scratch;
  const std::string& path = scratch.path;
  auto writer = open_wal(path);
  writer.exec("CREATE TABLE t(v BLOB)");
  SQLite::Database reader(path, SQLite::OPEN_READONLY);
  WalCheckpointer checkpointer(path, "FULL", 50);  // restarts at 200 pages
  checkpointer.watch(writer.getHandle());
  // 2,000 commits of three pages or more: 16 MB through a log that should stay near 1 MB.
  for (int i = 0; i < 2000; ++i) {
    writer.exec("INSERT INTO t(v) VALUES (randomblob(8192))");
    if (i % 10 == 0) CHECK(reader.execAndGet("SELECT count(*) FROM t").getInt() == i + 1);
    if (i % 100 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (checkpointer.restarts() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(checkpointer.restarts() >= 1);
  CHECK(std::filesystem::file_size(path + "-wal") < 8 * 1024 * 1024);
  CHECK(reader.execAndGet("SELECT count(*) FROM t").getInt() == 2000);
  CHECK(reader.execAndGet("PRAGMA integrity_check").getString() == "ok");
}
