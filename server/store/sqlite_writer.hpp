#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/store/client_id_ledger.hpp"
#include "server/store/write_batch.hpp"

namespace kefu::store {

// Applies write batches to one SQLite connection, many batches per transaction (group
// commit). A batch that breaks a constraint fails alone while the others in the group still
// commit: the group first runs without savepoints and, only when a batch fails, is rolled back
// and run again with a savepoint around each batch. Not thread-safe: one thread (the store's
// writer) owns it.
class SqliteWriter {
 public:
  // Opens `path` for writing with WAL and the given synchronous level ("FULL" by default).
  // `client_ids_written_every`: how many new messages' client_ids the ClientIdLedger holds
  // before it writes them to its table.
  SqliteWriter(const std::string& path, const std::string& synchronous,
               std::size_t client_ids_written_every = 4096);
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // Runs every batch in one transaction and commits. results[i] answers batches[i]; when the
  // commit itself fails every result is a failure.
  std::vector<WriteResult> commit_group(std::vector<WriteBatch*>& batches);

  SQLite::Database& database() { return db_; }

 private:
  // Applies every mutation of `batch` into `result` (ok once all are done); throws on failure.
  void apply_batch(const WriteBatch& batch, WriteResult& result);
  // Runs the group with a savepoint per batch; the transaction is open.
  void apply_isolated(std::vector<WriteBatch*>& batches, std::vector<WriteResult>& results);
  // Commits the open transaction; on failure every result becomes that failure.
  void commit(std::vector<WriteResult>& results);
  // Rolls the open transaction back and forgets cached seqs.
  void roll_back();
  void reset_statements();
  static void run(SQLite::Statement& statement);
  MutationOutcome apply(const Mutation& mutation, std::int64_t last_customer_id);
  MutationOutcome append_message(const AppendMessage& m);
  void upsert_conversation(const ConversationRecord& c);
  void insert_event(const Event& e);
  void insert_event(const Event& e, const std::string& data);  // with its data replaced
  std::int64_t insert_customer(const CustomerRecord& c);
  void insert_visitor(const VisitorRecord& v, std::int64_t last_customer_id);
  std::int64_t insert_user(const UserRecord& u);
  std::int64_t next_seq(std::int64_t conversation_id);

  SQLite::Database db_;
  SQLite::Statement begin_;
  SQLite::Statement commit_;
  SQLite::Statement savepoint_;
  SQLite::Statement release_;
  SQLite::Statement rollback_to_;
  SQLite::Statement first_message_at_;
  SQLite::Statement max_seq_;
  SQLite::Statement insert_message_;
  SQLite::Statement insert_event_;
  SQLite::Statement upsert_conversation_;
  // Last seq per conversation as committed or as written by the running transaction;
  // `touched_` remembers values to restore if a savepoint or the commit is rolled back.
  std::unordered_map<std::int64_t, std::int64_t> last_seq_;
  std::vector<std::pair<std::int64_t, std::int64_t>> touched_;
  ClientIdLedger ledger_;  // after the statements: it prepares its own on the connection
};

}  // namespace kefu::store
