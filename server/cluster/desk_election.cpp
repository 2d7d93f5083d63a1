#include "server/cluster/desk_election.hpp"

#include <stdexcept>

#include "server/cluster/desk_connections.hpp"
#include "server/cluster/pg_call.hpp"

namespace kefu::cluster {
namespace {

// The desk's advisory lock ("kefu" in ASCII plus one; the migrations take "kefu" itself). A
// one-bigint advisory lock shows in pg_locks as classid 0, objid the key, objsubid 1.
constexpr const char* kDeskLock = "1801807222";

}  // namespace

DeskElection::DeskElection(const std::string& uri, std::string node,
                           std::chrono::milliseconds lease, std::string address)
    : db_(std::make_unique<store::PgConnection>(uri)),
      node_(std::move(node)),
      address_(std::move(address)),
      lease_(lease) {
  backend_pid_ = static_cast<int>(db_->exec("SELECT pg_backend_pid()").int64(0, 0));
}

DeskElection::~DeskElection() = default;

int DeskElection::socket() const {
  return PQsocket(db_->handle());
}

std::optional<std::int64_t> DeskElection::campaign() {
  lease_left_.reset();
  if (lost_) return std::nullopt;
  try {
    if (leading()) {
      renew();
    } else if (auto epoch = take_lock()) {
      epoch_ = *epoch;
    } else {
      // The lock is held. When the holder's lease ran out it is frozen or cut off, and its
      // backend (which keeps the lock) is ended, waiting up to a second for it to go; then the
      // lock is tried again. Otherwise the same statement reads how long the lease has left,
      // for the campaign's next round to come when it runs out.
      const auto ended =
          call(*db_,
               "SELECT coalesce((SELECT bool_or(pg_terminate_backend(l.pid, 1000)) "
               "FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND "
               "l.classid = 0 AND l.objid = " +
                   std::string(kDeskLock) +
                   " AND l.objsubid = 1 AND l.database = (SELECT oid FROM "
                   "pg_database WHERE datname = current_database()) AND "
                   "d.renewed_at < clock_timestamp() - $1::float8 * interval '1 ms'), "
                   "false), ceil($1::float8 - extract(epoch FROM clock_timestamp() "
                   "- d.renewed_at)::float8 * 1000)::bigint FROM desk_lease d "
                   "WHERE d.id = 1",
               {std::to_string(lease_.count())});
      if (!ended.ok()) throw std::runtime_error("postgresql: " + ended.error());
      if (ended.rows() == 1) {
        if (!ended.is_null(0, 1)) lease_left_ = std::chrono::milliseconds(ended.int64(0, 1));
        if (ended.boolean(0, 0)) {
          lease_left_.reset();
          if (auto epoch = take_lock()) epoch_ = *epoch;
        }
      }
    }
  } catch (const std::runtime_error&) {
    lose();
  }
  if (!leading()) return std::nullopt;
  return epoch_;
}

std::optional<std::int64_t> DeskElection::take_lock() {
  const auto locked = call(*db_, std::string("SELECT pg_try_advisory_lock(") + kDeskLock + ")");
  if (!locked.ok()) throw std::runtime_error("postgresql: " + locked.error());
  if (!locked.boolean(0, 0)) return std::nullopt;
  // The lock is this node's: whatever connection of an earlier desk is still there (named
  // kDeskApplicationName) belongs to a desk that lost it, killed or frozen. A frozen one keeps
  // its open transaction's row locks (meta rows, conversations, the lease row FOR SHARE) for as
  // long as it is frozen, and the bump below and the new desk's start would wait on them: end
  // them first; locks they hold are waited for where they are needed, as they go. Their
  // transactions roll back unacknowledged.
  const auto ended = call(*db_,
                          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND application_name = $1 AND "
                          "pid <> pg_backend_pid()",
                          {std::string(kDeskApplicationName)});
  if (!ended.ok()) {
    call(*db_, std::string("SELECT pg_advisory_unlock(") + kDeskLock + ")");
    throw std::runtime_error("postgresql: cannot end the earlier desk's connections: " +
                             ended.error());
  }
  // One statement, so its own transaction: the epoch bump waits for assignments of the older
  // epoch still in flight (they hold the lease row FOR SHARE) and fails them afterwards.
  const auto bumped = call(*db_,
                           "UPDATE desk_lease SET epoch = epoch + 1, node = $1, address = $2, "
                           "backend_pid = pg_backend_pid(), renewed_at = clock_timestamp() "
                           "WHERE id = 1 RETURNING epoch",
                           {node_, address_});
  if (!bumped.ok() || bumped.rows() != 1) {
    call(*db_, std::string("SELECT pg_advisory_unlock(") + kDeskLock + ")");
    throw std::runtime_error("postgresql: cannot bump the desk epoch: " + bumped.error());
  }
  return bumped.int64(0, 0);
}

void DeskElection::renew() {
  const auto renewed = call(*db_,
                            "UPDATE desk_lease SET renewed_at = clock_timestamp() "
                            "WHERE id = 1 AND epoch = $1",
                            {std::to_string(epoch_)});
  if (!renewed.ok() || PQcmdTuples(renewed.get())[0] != '1') {
    // Someone else bumped the epoch: whatever happened, this desk is stale. Let go of the lock
    // in case it is still held, and stand again next round with a fresh bump.
    epoch_ = 0;
    call(*db_, std::string("SELECT pg_advisory_unlock(") + kDeskLock + ")");
  }
}

void DeskElection::resign() {
  if (!leading() || lost_) return;
  epoch_ = 0;
  try {
    call(*db_, std::string("SELECT pg_advisory_unlock(") + kDeskLock + ")");
  } catch (const std::runtime_error&) {
    lose();
  }
}

void DeskElection::lose() {
  epoch_ = 0;
  lost_ = true;
}

}  // namespace kefu::cluster
