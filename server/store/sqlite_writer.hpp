#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/store/write_batch.hpp"

namespace kefu::store {

// Applies write batches to one SQLite connection, many batches per transaction (group
// commit). Each batch runs inside its own savepoint, so a batch that breaks a constraint
// fails alone while the others in the group still commit. Not thread-safe: one thread (the
// store's writer) owns it.
class SqliteWriter {
 public:
  // Opens `path` for writing with WAL and the given synchronous level ("FULL" by default).
  SqliteWriter(const std::string& path, const std::string& synchronous);
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // Runs every batch in one transaction and commits. results[i] answers batches[i]; when the
  // commit itself fails every result is a failure.
  std::vector<WriteResult> commit_group(std::vector<WriteBatch*>& batches);

  SQLite::Database& database() { return db_; }

 private:
  MutationOutcome apply(const Mutation& mutation, std::int64_t last_customer_id);
  MutationOutcome append_message(const AppendMessage& m);
  void upsert_conversation(const ConversationRecord& c);
  void insert_event(const Event& e);
  std::int64_t insert_customer(const CustomerRecord& c);
  void insert_visitor(const VisitorRecord& v, std::int64_t last_customer_id);
  std::int64_t insert_user(const UserRecord& u);
  std::int64_t next_seq(std::int64_t conversation_id);

  SQLite::Database db_;
  SQLite::Statement find_by_client_id_;
  SQLite::Statement max_seq_;
  SQLite::Statement insert_message_;
  SQLite::Statement insert_event_;
  SQLite::Statement upsert_conversation_;
  // Last seq per conversation as committed or as written by the running transaction;
  // `touched_` remembers values to restore if a savepoint or the commit is rolled back.
  std::unordered_map<std::int64_t, std::int64_t> last_seq_;
  std::vector<std::pair<std::int64_t, std::int64_t>> touched_;
};

}  // namespace kefu::store
