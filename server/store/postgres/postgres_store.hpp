#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/store/postgres/pg_connection.hpp"
#include "server/store/store.hpp"

namespace kefu::store {

class PgPipeline;
class PostgresGroup;

struct PostgresOptions {
  explicit PostgresOptions(std::string connection = {}) : uri(std::move(connection)) {}

  std::string uri;               // postgresql://user@host:port/database
  bool migrate = true;           // apply the schema's migrations when opening
  std::size_t max_group = 4096;  // most batches committed in one transaction
  // The elected desk's epoch (server/cluster/desk_campaign.hpp): every write transaction first
  // runs kefu_desk_fence(desk_epoch). 0: no fence (one node on PostgreSQL without election).
  std::int64_t desk_epoch = 0;
  // Called once, on the store's thread, when the fence refuses a group (another node is the
  // desk now), before that group's batches fail; every later batch fails without being sent.
  std::function<void(const std::string& why)> on_fenced;
};

// The store on PostgreSQL 15, for several nodes sharing one database (issue 19).
//
// Writes: one connection in libpq's pipeline mode, driven by an io_context on the store's own
// thread (PgPipeline: the socket waited on by Asio, no thread blocked on a query). Every batch
// waiting when the previous group's COMMIT has answered goes into the next transaction
// (PostgresGroup), sent as one pipeline, and each batch's completion runs on that thread only
// after COMMIT's result, with synchronous_commit=on (the commit is flushed to PostgreSQL's
// WAL). Batches commit in submission order; one group is in flight at a time.
//
// Semantics are SqliteStore's: a batch fails alone; a retried client_id is answered with the
// first message (a primary key on message_client_ids, so this holds across nodes); a
// conversation's seqs are gap-free and in commit order (its row's counter, updated under the
// row lock in the same transaction).
//
// Fenced with a desk's epoch (PostgresOptions::desk_epoch), nothing commits once another node
// became the desk: the group that meets the new epoch fails whole (nothing acked), on_fenced is
// told, and the store refuses every later batch. That holds on a new connection too (after
// PostgreSQL restarted), since the fence is in every transaction.
//
// Reads are synchronous, on a small pool of connections of their own (one per concurrent
// reader), and see committed data only. Thread-safe.
class PostgresStore final : public Store {
 public:
  // Connects (and migrates unless told not to); throws std::runtime_error when it cannot.
  explicit PostgresStore(PostgresOptions options);
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  void submit(WriteBatch batch, Completion on_done) override;
  CommitLatency commit_latency() const override;
  bool writable() const override { return writable_; }

  // Fails every batch from now on without sending it (the node lost the desk some other way:
  // its election's connection broke). Thread-safe; batches already in flight still finish.
  void refuse_writes(std::string why);

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

 private:
  struct Job {
    WriteBatch batch;
    Completion on_done;
  };

  // A read connection borrowed from the pool for one read.
  class Reader {
   public:
    explicit Reader(PostgresStore& store);
    ~Reader();
    // PgConnection::exec; a connection found broken (the server restarted, or ended idle
    // connections) is replaced once and the statement run again.
    PgResult exec(const std::string& sql, const std::vector<PgParam>& params = {});

   private:
    PostgresStore& store_;
    std::unique_ptr<PgConnection> connection_;
  };

  // On the io_context's thread.
  void start_group();
  void run_group();
  void finish_group();
  // The fence refused the group: from now on every batch fails; tells on_fenced once.
  void fenced();

  std::optional<UserRecord> read_user(Reader& db, const PgResult& row);
  std::vector<ConversationRecord> read_conversations(const PgResult& rows);

  PostgresOptions options_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::unique_ptr<PgPipeline> pipeline_;

  std::mutex mutex_;
  std::condition_variable drained_;
  std::deque<Job> jobs_;        // GUARDED_BY(mutex_)
  std::size_t unfinished_ = 0;  // submitted and not yet completed; GUARDED_BY(mutex_)
  bool start_posted_ = false;   // GUARDED_BY(mutex_)
  bool group_running_ = false;  // GUARDED_BY(mutex_)
  bool closing_ = false;        // GUARDED_BY(mutex_)
  std::string refusal_;         // non-empty once fenced: why every batch fails; GUARDED_BY(mutex_)

  // The group in flight (io_context thread only).
  std::vector<Job> group_jobs_;
  std::unique_ptr<PostgresGroup> group_;
  int retries_left_ = 0;
  std::chrono::steady_clock::time_point group_started_;

  std::atomic<bool> writable_{true};
  mutable std::mutex latency_mutex_;
  CommitLatency latency_;  // GUARDED_BY(latency_mutex_)

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<PgConnection>> idle_readers_;  // GUARDED_BY(readers_mutex_)

  std::thread thread_;
};

}  // namespace kefu::store
