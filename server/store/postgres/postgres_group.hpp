#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "server/store/postgres/pg_pipeline.hpp"
#include "server/store/write_batch.hpp"

namespace kefu::store {

// One group commit on PostgreSQL: the batches waiting, written as one pipelined transaction
// (BEGIN, each mutation as one prepared statement, COMMIT, one synchronisation point) and read
// back into one WriteResult per batch. Everything a statement needs from an earlier one is
// computed by the server (a message's seq and duplicate check in kefu_append_message, a new
// customer's id for its visitor through a transaction-local setting, a new user's id for their
// teams through currval), so nothing waits for a round trip inside the group.
//
// A batch that fails (a constraint, a conversation that does not exist) aborts the pipeline's
// transaction: the group is then run again without it, so it fails alone and uses no seq. A
// serialisation failure or deadlock (SQLSTATE class 40, possible between nodes) runs the whole
// group again. Used on the store's io_context thread only.
//
// Fenced (a desk's epoch given, issue 19): every transaction first runs kefu_desk_fence(epoch)
// in the same pipeline (no extra round trip), so a desk that another node replaced cannot commit
// anything: the fence's SQLSTATE KFD01 fails every pending batch and read() says `fenced`.
class PostgresGroup {
 public:
  // The statements every writer connection prepares (name, SQL).
  static std::vector<std::pair<std::string, std::string>> prepared_statements();

  // `batches` outlive the group. A batch that cannot be written at all (a message whose event
  // type is not a message event, event data that is not a JSON object) fails here.
  // `desk_epoch` 0: no fence (one node without election).
  explicit PostgresGroup(std::vector<const WriteBatch*> batches, std::int64_t desk_epoch = 0);

  // True while some batch is neither committed nor failed.
  bool pending() const;

  // The transaction for the pending batches; `roll_back_first` ends a transaction left open
  // (aborted) by the previous run.
  std::vector<PgStatement> statements(bool roll_back_first);

  enum class Verdict {
    finished,   // every batch is committed or failed: results() are final
    run_again,  // a batch failed alone (its result says why) or the transaction must be retried
    broken,     // the connection broke: every pending batch failed (outcome unknown)
    fenced,     // the desk's epoch is not the current one: every pending batch failed
  };
  // Reads the results of running statements(); `retries_left` bounds class-40 retries.
  Verdict read(const PgPipeline::Outcome& outcome, int& retries_left);

  std::vector<WriteResult>& results() { return results_; }

 private:
  // Which mutation of which batch a statement belongs to, and what its result carries.
  enum class Reads { nothing, message, value };
  struct Origin {
    std::size_t batch = 0;
    std::size_t mutation = 0;
    Reads reads = Reads::nothing;
  };

  void add(std::vector<PgStatement>& out, std::size_t batch, std::size_t mutation, Reads reads,
           const char* name, std::vector<PgParam> params);
  void add_mutation(std::vector<PgStatement>& out, std::size_t batch, std::size_t mutation,
                    const Mutation& m, bool customer_before);
  void fail_pending(const std::string& error);

  std::vector<const WriteBatch*> batches_;
  std::int64_t desk_epoch_ = 0;
  std::vector<WriteResult> results_;
  std::vector<bool> done_;       // failed (or, after the commit, committed)
  std::vector<Origin> origins_;  // one per statement of the last statements(), in order
};

}  // namespace kefu::store
