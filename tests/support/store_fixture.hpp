#pragma once

#include <SQLiteCpp/Database.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "server/store/migrations.hpp"
#include "server/store/write_batch.hpp"

namespace kefu::store::test {

// A database path in a folder of its own under /tmp (the file is not created); the folder and
// whatever SQLite put in it (-wal, -shm) go with this object.
struct ScratchDatabase {
  std::string path;  // <folder>/t.db

  ScratchDatabase() {
    char pattern[] = "/tmp/kefu-store-XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = std::string(pattern) + "/t.db";
  }
  ~ScratchDatabase() { std::filesystem::remove_all(std::filesystem::path(path).parent_path()); }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
};

// A scratch database with the schema migrated, and a count read through a connection of its own.
struct MigratedDatabase : ScratchDatabase {
  MigratedDatabase() {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    migrate(db);
  }
  // The first column of the first row of `sql` (a COUNT, a MAX...).
  std::int64_t count(const std::string& sql) const {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }
};

// A batch that creates customer 1 ("Ann") and their queued conversation `conversation_id`.
inline WriteBatch customer_and_conversation(std::int64_t conversation_id) {
  WriteBatch b;
  b.mutations.push_back(InsertCustomer{CustomerRecord{0, "Ann", 1}});
  ConversationRecord c;
  c.id = conversation_id;
  c.customer_id = 1;
  c.created_at = c.queued_at = c.updated_at = 1;
  b.mutations.push_back(UpsertConversation{c});
  return b;
}

// Customer 1's message `client_id` in `conversation` at t=1000, with its message_received
// event carrying `event_data`.
inline AppendMessage customer_message(std::int64_t conversation, const std::string& client_id,
                                      const std::string& body = "hello",
                                      const std::string& event_data = "{}") {
  AppendMessage m;
  m.message.conversation_id = conversation;
  m.message.author_kind = AuthorKind::customer;
  m.message.author_id = 1;
  m.message.client_id = client_id;
  m.message.body = body;
  m.message.at = 1000;
  m.event.type = "message_received";
  m.event.at = 1000;
  m.event.conversation_id = conversation;
  m.event.data = event_data;
  return m;
}

}  // namespace kefu::store::test
