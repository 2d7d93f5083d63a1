#pragma once

#include <SQLiteCpp/Database.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/store/store.hpp"

namespace kefu::store {

class SqliteWriter;
class WalCheckpointer;

struct SqliteOptions {
  explicit SqliteOptions(std::string database = {}) : path(std::move(database)) {}

  std::string path;
  // PRAGMA synchronous for the writer: OFF, NORMAL, FULL or EXTRA (any case), else the store
  // refuses to open.
  std::string synchronous = "FULL";
  bool migrate = true;           // apply schema migrations when opening
  std::size_t max_group = 4096;  // most batches committed in one transaction
  // Log pages written between two background checkpoints (the log is restarted at twice this:
  // about 32 MB). A page rewritten by many groups between two checkpoints (a busy
  // conversation's last page of messages) is copied into the database file once; longer logs
  // copied still less but grew the file during every short run and let one large checkpoint's
  // sync stall the log's (docs/load-testing.md, 2026-11-24, second day).
  int checkpoint_pages = 4'000;
  // Schema steps of other parts (customers, knowledge base, metrics), run after migrate.
  std::function<void(SQLite::Database&)> also_migrate;
};

// The embedded SQLite store (WAL). One writer thread drains the queue of submitted batches and
// commits them in groups; completions run on that thread after COMMIT returns, i.e. after the
// data is durable under the chosen synchronous level. Readers use a pool of their own
// connections, so reads never wait for the writer. The log is checkpointed on a thread of its
// own (WalCheckpointer), never inside the writer's COMMIT. Thread-safe.
class SqliteStore final : public Store {
 public:
  explicit SqliteStore(SqliteOptions options);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  void submit(WriteBatch batch, Completion on_done) override;
  bool writable() const override { return writable_; }

  std::optional<UserRecord> find_user_by_login(const std::string& login) override;
  std::optional<UserRecord> find_user(std::int64_t id) override;
  std::optional<StaffSessionRecord> find_staff_session(const std::string& token_hash) override;
  std::optional<VisitorRecord> find_visitor(const std::string& token_hash) override;
  std::optional<CustomerRecord> find_customer(std::int64_t id) override;
  std::vector<ConversationRecord> load_open_conversations() override;
  std::vector<ConversationRecord> recent_conversations_of_customer(std::int64_t customer_id,
                                                                   int limit) override;
  std::optional<ConversationRecord> find_conversation(std::int64_t id) override;
  std::int64_t max_conversation_id() override;
  std::vector<MessageRecord> read_messages(std::int64_t conversation_id, std::int64_t after_seq,
                                           std::int64_t up_to_seq, int limit) override;
  void close() override;

  // Latency of every group commit so far (for /metrics).
  CommitLatency commit_latency() const override;

 private:
  struct Job {
    WriteBatch batch;
    Completion on_done;
  };

  // A reader connection borrowed from the pool for the lifetime of one read.
  class Reader {
   public:
    explicit Reader(SqliteStore& store);
    ~Reader();
    SQLite::Database& operator*() { return *db_; }
    SQLite::Database* operator->() { return db_.get(); }

   private:
    SqliteStore& store_;
    std::unique_ptr<SQLite::Database> db_;
  };

  void run_writer();
  std::optional<UserRecord> read_user(SQLite::Database& db, SQLite::Statement& row);
  std::vector<ConversationRecord> read_conversations(SQLite::Statement& s);

  SqliteOptions options_;
  std::unique_ptr<WalCheckpointer> checkpointer_;
  std::unique_ptr<SqliteWriter> writer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;  // GUARDED_BY(mutex_)
  bool closing_ = false;  // GUARDED_BY(mutex_)
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<SQLite::Database>> idle_readers_;  // GUARDED_BY(readers_mutex_)
  std::atomic<bool> writable_{true};
  mutable std::mutex latency_mutex_;
  CommitLatency latency_;  // GUARDED_BY(latency_mutex_)
  std::thread writer_thread_;
};

}  // namespace kefu::store
