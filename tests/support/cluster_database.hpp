#pragma once

#include <cstdint>
#include <string>

namespace kefu::cluster {
class DeskElection;
}

namespace kefu::testing {

// A fresh database on the test process's LocalPostgres, migrated to the latest schema, with what
// the cluster's tests need: agents (users 1..agents, role agent, chat capacity `capacity`), one
// customer (1) and queued chats 1..conversations.
struct ClusterDatabase {
  ClusterDatabase(int agents, int capacity, int conversations);

  // The first column of the first row of `sql`, on a connection of its own.
  std::int64_t count(const std::string& sql) const;
  // Runs `sql` on a connection of its own.
  void exec(const std::string& sql) const;

  std::string uri;
};

// Becomes the desk with `candidate` (a fresh database: the lock is free) and returns the epoch;
// throws std::runtime_error when a second of campaigning did not win it.
std::int64_t elect_desk(cluster::DeskElection& candidate);

}  // namespace kefu::testing
