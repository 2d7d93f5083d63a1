#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "server/store/postgres/pg_connection.hpp"

namespace kefu::cluster {

// One node's candidacy for the desk (routing, assignment and lifecycle timers run on one node at
// a time). The desk is whoever holds a PostgreSQL session advisory lock on this candidate's own
// connection, which is never reconnected: when it breaks (the node died, its socket closed, its
// backend was terminated), the lock is freed by the server and this candidate has lost the desk
// for good (a node that wants to stand again makes a new DeskElection).
//
// Each newly elected desk bumps the epoch of the `desk_lease` row in the same round; assignments
// carry the epoch, and the schema refuses one whose epoch is not the current one
// (server/cluster/cluster_schema.hpp), so a desk that was replaced while it stalled cannot change
// anything once it wakes up. The leader renews `renewed_at` on each round; a candidate that finds
// the lock held and the lease older than `lease` (a frozen node: SIGSTOP, a partition, whose
// backend would otherwise keep the lock) terminates the holder's backend and takes the desk.
//
// Synchronous and not thread-safe: one caller drives it, calling campaign() more often than the
// lease (a third of it is a good period), and as a candidate best again when lease_left() says
// the holder's lease runs out.
class DeskElection {
 public:
  // Connects to `uri` (its own connection, kept for the candidate's life). `node` names this node
  // in the lease row and `address` (http://HOST:PORT, "" for none) is where other nodes reach it
  // (`desk_lease.address`, written with each epoch this node wins). Throws std::runtime_error
  // when it cannot connect.
  DeskElection(const std::string& uri, std::string node, std::chrono::milliseconds lease,
               std::string address = {});
  ~DeskElection();
  DeskElection(const DeskElection&) = delete;
  DeskElection& operator=(const DeskElection&) = delete;

  // One round: the desk renews its lease; a candidate tries the lock, and when the holder's lease
  // has run out, ends the holder's backend and tries again. Returns this candidate's epoch when it
  // is the desk after the round, nullopt otherwise (then lost() says whether it is for good).
  std::optional<std::int64_t> campaign();

  // Gives the desk up (the lock is released; the next desk bumps the epoch).
  void resign();

  bool leading() const { return epoch_ != 0; }
  // This desk's epoch; 0 when not the desk.
  std::int64_t epoch() const { return epoch_; }
  // True once the connection broke: this candidate can never be the desk again.
  bool lost() const { return lost_; }
  // How long the holder's lease had left when the last round found the lock taken and the lease
  // still running (0 or less: it ran out, and ending the holder failed or another candidate took
  // the desk first); nullopt after any other round.
  std::optional<std::chrono::milliseconds> lease_left() const { return lease_left_; }
  // The server process of this candidate's connection (tests end it to show a failover).
  int backend_pid() const { return backend_pid_; }
  // The connection's socket (tests close it to play a node's death).
  int socket() const;

 private:
  std::optional<std::int64_t> take_lock();
  void renew();
  void lose();

  std::unique_ptr<store::PgConnection> db_;
  std::string node_;
  std::string address_;
  std::chrono::milliseconds lease_;
  std::int64_t epoch_ = 0;
  bool lost_ = false;
  int backend_pid_ = 0;
  std::optional<std::chrono::milliseconds> lease_left_;
};

}  // namespace kefu::cluster
