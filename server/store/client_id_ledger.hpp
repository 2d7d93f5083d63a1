#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kefu::store {

// Which client_ids each author has stored messages under, so that a retried message is
// recognised (docs/protocol.md: acknowledged again with the first seq, nothing stored).
//
// A unique index on the messages would dirty one more page per message (each author's entries
// sit on their own leaf), so the ledger keeps the newest keys in memory and writes them to its
// table (`message_client_ids`) in sorted runs of a few thousand, in the writer's own
// transactions: a run is written in slices of `kSlice` keys, one slice per group commit, so
// that no commit waits for all of it, and each author's keys still go in together. With the
// run's last slice it moves a mark (`meta` key `client_ids_through_event`): every message whose
// event id is at or below it has its row. After a crash the keys above the mark are read back
// from the event log and their messages (a slice written before the crash is written again, to
// no effect), so a retry is recognised exactly as before the crash. Used by the store's writer
// thread only, inside its open transactions.
class ClientIdLedger {
 public:
  // The first message stored under a key.
  struct FirstMessage {
    std::int64_t conversation_id = 0;
    std::int64_t seq = 0;
  };

  // Reads the mark and the keys stored above it. `db` is migrated and outlives the ledger.
  // `write_every`: how many committed keys are held before `flush_if_due` starts a run.
  explicit ClientIdLedger(SQLite::Database& db, std::size_t write_every = 4096);
  ClientIdLedger(const ClientIdLedger&) = delete;
  ClientIdLedger& operator=(const ClientIdLedger&) = delete;

  // The message first stored under this key, held or written, if any.
  std::optional<FirstMessage> find(std::string_view author_kind, std::int64_t author_id,
                                   const std::string& client_id);

  // Records a message just written by the open transaction (its event row has `event_id`).
  void remember(std::string_view author_kind, std::int64_t author_id, const std::string& client_id,
                FirstMessage first, std::int64_t event_id);

  // Keys remembered so far; `forget_since(mark)` drops those remembered after it (their
  // savepoint or transaction was rolled back).
  std::size_t mark() const { return order_.size(); }
  void forget_since(std::size_t mark);

  // Keys written per group commit while a run is being written.
  static constexpr std::size_t kSlice = 512;

  // When enough committed keys are held, starts a run of all of them, sorted; while a run is
  // being written, writes its next slice in the open transaction (and with the last, moves the
  // mark). `committed()` must follow its commit; after a rollback nothing is lost (the keys are
  // still held, and the slice is written again).
  void flush_if_due();
  // The open transaction committed: the keys it wrote are no longer held.
  void committed();
  // The open transaction rolled back: forgets what it remembered, keeps what it had written.
  void rolled_back();

 private:
  struct Held {
    std::string author_kind;
    std::int64_t author_id = 0;
    std::string client_id;
    FirstMessage first;
    std::int64_t event_id = 0;
  };
  // The key of `held_` for these fields, built in `probe_` (its buffer is reused: one lookup
  // per message allocates nothing).
  const std::string& probe(std::string_view author_kind, std::int64_t author_id,
                           std::string_view client_id);
  void hold(Held held);
  void read_back_unwritten();
  void write_slice();

  SQLite::Database& db_;
  std::size_t write_every_;
  SQLite::Statement find_;
  SQLite::Statement insert_;
  SQLite::Statement move_mark_;
  std::unordered_map<std::string, FirstMessage> held_;  // by the key probe() builds
  std::string probe_;
  std::vector<Held> order_;       // in event order: the oldest first
  std::size_t committed_ = 0;     // order_[0, committed_) are committed
  std::vector<std::size_t> run_;  // the run being written: indices into order_, sorted by key
  std::size_t run_written_ = 0;   // run_[0, run_written_) are in the table (committed)
  std::size_t slice_end_ = 0;     // run_[run_written_, slice_end_) written by the open transaction
};

}  // namespace kefu::store
