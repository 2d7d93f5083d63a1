#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/cluster/assignment_ledger.hpp"
#include "server/cluster/node_presence.hpp"
#include "server/cluster/node_registry.hpp"

namespace kefu::cluster {

// The desk's round of presence across nodes: reads the registry, brings NodePresence up to the
// registry's clock, and requeues the chats of every agent whose grace ran out (their node stopped
// heartbeating and they did not come back on another), through the fenced AssignmentLedger, so a
// desk that is no longer the desk requeues nothing. Plain C++ over the interfaces; the desk calls
// run() on its own schedule (a fraction of the lease).
class PresenceSweep {
 public:
  // Keeps references to the three; `presence` carries the lease and grace.
  PresenceSweep(NodeRegistry& registry, AssignmentLedger& ledger, NodePresence& presence);

  struct Report {
    NodePresence::Changes changes;
    std::vector<std::int64_t> requeued;  // conversations put back in the queue
    bool stale_desk = false;             // the ledger refused this desk's epoch: it stopped
  };

  // One round as the desk of `desk_epoch`. Throws std::runtime_error when the database cannot be
  // reached (nothing is lost: the next round sees the same agents and requeues what remains).
  Report run(std::int64_t desk_epoch);

 private:
  NodeRegistry& registry_;
  AssignmentLedger& ledger_;
  NodePresence& presence_;
};

}  // namespace kefu::cluster
