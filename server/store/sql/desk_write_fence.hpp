#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace kefu::sql {

// The desk's fence on a PostgreSQL connection of its own (issue 19): the back office, care,
// mail and webhooks write on connections they open by location (open_connection), outside the
// store's fenced group commit. On the node serving as the desk every such connection carries the
// desk's epoch (a session setting, cluster::desk_connection_uri), and every transaction that
// writes runs kefu_desk_fence(epoch) before its first write: a desk replaced by a newer one
// (stalled, about to exit) has each write refused and changes nothing, and the fence's FOR SHARE
// on the lease makes a new desk's epoch bump wait for the writes in flight. A write outside a
// transaction (autocommit) becomes BEGIN, the fence, the write, COMMIT. Reads are not fenced.
//
// A statement may write unless it starts (after blanks and comments) with SELECT, SHOW, VALUES,
// TABLE or EXPLAIN, or is transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, END,
// START, SET, PRAGMA); WITH counts as a write. Not thread-safe, as the connection it guards.
class DeskWriteFence {
 public:
  // `epoch` 0: no fence (a node that is not a cluster's desk). `exec` runs SQL on the
  // connection, throwing sql::Error when it fails; `in_transaction` says whether a transaction
  // is open (or failed) on it.
  DeskWriteFence(std::int64_t epoch, std::function<void(const std::string&)> exec,
                 std::function<bool()> in_transaction);

  std::int64_t epoch() const { return epoch_; }

  // Runs `send` (which sends `sql` to the server), fenced as described above. Throws what the
  // fence or `send` throws; an autocommit write whose fence or statement failed is rolled back.
  void guard(std::string_view sql, const std::function<void()>& send);

  // True when `sql` may write (see the class comment).
  static bool may_write(std::string_view sql);
  // True for transaction control and session settings.
  static bool is_control(std::string_view sql);

 private:
  void roll_back() noexcept;

  std::int64_t epoch_ = 0;
  std::function<void(const std::string&)> exec_;
  std::function<bool()> in_transaction_;
  std::string fence_;      // SELECT kefu_desk_fence(epoch)
  bool fence_due_ = true;  // the open transaction has not run the fence yet
};

}  // namespace kefu::sql
