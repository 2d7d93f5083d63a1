
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

TEST_CASE("the e-mail channel step moves mail conversations and their log to email, keeping rows") {
  ScratchDatabase tmp;
  SQLite::Database db(tmp.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  migrate(db);
  // A database from before the step: a mail ticket (with its thread and messages), a widget chat.
  db.exec(
      "INSERT INTO customers(id, display_name, created_at) VALUES (1, 'Ann', 1);"
      "INSERT INTO mailboxes(id, name, address, queue, created_at, updated_at) VALUES (1, "
      " 'support', 's@x.example', 'tickets', 1, 1);"
      "INSERT INTO conversations(id, customer_id, channel, status, queue, subject, created_at, "
      " queued_at, updated_at) VALUES (1, 1, 'ticket', 'queued', 'tickets', 'Tea', 1, 1, 1),"
      " (2, 1, 'chat', 'resolved', 'general', '', 1, 1, 1);"
      "INSERT INTO messages(conversation_id, seq, author_kind, author_id, client_id, body, "
      " created_at) VALUES (1, 1, 'customer', 1, 'm1', 'hello', 1), (2, 1, 'customer', 1, 'm2', "
      " 'hi', 1);"
      "INSERT INTO events(at, type, conversation_id, channel) VALUES (1, 'conversation_opened', 1, "
      " 'ticket'), (1, 'conversation_opened', 2, 'chat');"
      "INSERT INTO mail_threads(conversation_id, mailbox_id, token, address) VALUES (1, 1, "
      " 'kf-1', 'ann@x.example');"
      "INSERT INTO mail_message_ids(message_id, conversation_id, direction, at) VALUES "
      " ('in-1@x.example', 1, 'in', 5), ('out-1@kefu', 1, 'out', 6);");
  const int latest = latest_schema_version();
  // Back to the schema before the step, 16 (its new table and column gone, and those of the
  // steps after it: 17's attachments' bytes, 18's shop tables, 19's conversation priority,
  // 20's mail claims and mail_received).
  db.exec("DROP TABLE mail_received");
  for (const char* table : {"mail_inbox", "mail_outbox"}) {
    db.exec(std::string("ALTER TABLE ") + table + " DROP COLUMN claimed_by");
    db.exec(std::string("ALTER TABLE ") + table + " DROP COLUMN lease_until");
  }
  db.exec("DROP TABLE mail_shelved_attachments");
  db.exec("ALTER TABLE mail_set_aside DROP COLUMN raw");
  db.exec("DROP TABLE attachment_bytes");
  db.exec("DROP TABLE shop_secrets");
  db.exec("DROP TABLE shop_origins");
  db.exec("DROP TABLE tag_catalogue");
  db.exec("ALTER TABLE conversations DROP COLUMN priority");
  db.exec("ALTER TABLE conversations DROP COLUMN priority_by");
  // (Step 21, the knowledge base's, creates only absent tables and runs again harmlessly.)
  db.exec("PRAGMA user_version = 15");
  db.exec("PRAGMA foreign_keys = ON");  // the caller's setting comes back after the rebuild
  CHECK(migrate(db) == latest);
  CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);
  CHECK(db.execAndGet("SELECT group_concat(channel, ',') FROM (SELECT channel FROM conversations "
                      "ORDER BY id)")
            .getString() == "email,chat");
  CHECK(db.execAndGet("SELECT group_concat(channel, ',') FROM (SELECT channel FROM events "
                      "ORDER BY id)")
            .getString() == "email,chat");
  CHECK(db.execAndGet("SELECT COUNT(*) FROM messages").getInt() == 2);
  CHECK(db.execAndGet("SELECT subject FROM conversations WHERE id = 1").getString() == "Tea");
  // Step 19: every conversation kept, none with a priority set yet (the desk decides them).
  CHECK(db.execAndGet("SELECT COUNT(*) FROM conversations WHERE priority = '' AND priority_by = ''")
            .getInt() == 2);
  // The mail received before is known by (mailbox, Message-ID); what Kefu sent is not there.
  CHECK(db.execAndGet("SELECT group_concat(mailbox_id || ' ' || message_id || ' ' || at) FROM "
                      "mail_received")
            .getString() == "1 in-1@x.example 5");
  CHECK_FALSE(SQLite::Statement(db, "PRAGMA foreign_key_check").executeStep());
  // New rows may be email; anything else is still refused.
  db.exec("UPDATE conversations SET channel = 'email' WHERE id = 2");
  CHECK_THROWS(db.exec("UPDATE conversations SET channel = 'fax' WHERE id = 2"));
}
