#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/store/records.hpp"
#include "server/store/write_batch.hpp"

namespace kefu::store {

// Group commits by latency: counts[i] took at most kCommitBounds[i] seconds (and more than the
// bound before); overflow took longer.
inline constexpr std::array<double, 10> kCommitBounds = {0.0005, 0.001, 0.002, 0.005, 0.01,
                                                         0.025,  0.05,  0.1,   0.25,  1.0};
struct CommitLatency {
  std::array<std::uint64_t, kCommitBounds.size()> counts{};
  std::uint64_t overflow = 0;
  double sum_seconds = 0;

  // Counts one group commit that took `seconds`.
  void add(double seconds);
};

// Everything the domain asks of persistent storage. Narrow on purpose: routing, sessions and
// conversations only see these calls, so a PostgreSQL backend can be added beside SqliteStore.
//
// Writes are asynchronous and durable: `submit` queues a batch; `on_done` runs once the batch
// is committed to stable storage (or has failed), on the store's writer thread. Batches are
// committed in submission order. Reads are synchronous and see only committed data; they may
// be called from any thread.
class Store {
 public:
  using Completion = std::function<void(WriteResult)>;

  virtual ~Store() = default;

  virtual void submit(WriteBatch batch, Completion on_done) = 0;

  // Submits and waits for the result. For command-line tools and start-up, never for a
  // network thread.
  WriteResult submit_and_wait(WriteBatch batch);

  // How long group commits have taken (for /metrics).
  virtual CommitLatency commit_latency() const = 0;

  // True until a commit fails; a later successful commit makes it true again.
  virtual bool writable() const = 0;

  virtual std::optional<UserRecord> find_user_by_login(const std::string& login) = 0;
  virtual std::optional<UserRecord> find_user(std::int64_t id) = 0;
  virtual std::optional<StaffSessionRecord> find_staff_session(const std::string& token_hash) = 0;
  virtual std::optional<VisitorRecord> find_visitor(const std::string& token_hash) = 0;
  virtual std::optional<CustomerRecord> find_customer(std::int64_t id) = 0;

  // Conversations that are queued, assigned or resolved (not closed or abandoned).
  virtual std::vector<ConversationRecord> load_open_conversations() = 0;
  virtual std::vector<ConversationRecord> recent_conversations_of_customer(std::int64_t customer_id,
                                                                           int limit) = 0;
  virtual std::optional<ConversationRecord> find_conversation(std::int64_t id) = 0;
  virtual std::int64_t max_conversation_id() = 0;

  // Messages with after_seq < seq <= up_to_seq, in order, at most `limit`.
  virtual std::vector<MessageRecord> read_messages(std::int64_t conversation_id,
                                                   std::int64_t after_seq, std::int64_t up_to_seq,
                                                   int limit) = 0;

  // Blocks until everything submitted so far is committed; the writer then stops taking work.
  virtual void close() = 0;
};

}  // namespace kefu::store
