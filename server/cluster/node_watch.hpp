#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "server/cluster/node_presence.hpp"
#include "server/cluster/node_registry.hpp"

namespace kefu::cluster {

// The desk's watch over the other nodes' heartbeats, for the sockets they relay to it
// (net::NodeHeartbeats ends the sockets of a node declared gone). Each round reads every node's
// last heartbeat from the registry, on the registry's clock (so that nodes' clocks never need to
// agree), and says which nodes were declared gone by it (no heartbeat for longer than the lease)
// and which heartbeat again after being declared gone.
//
// A round that comes more than a lease after the last one that read the registry (the desk has
// just risen, or could not reach the registry) declares no node gone: each node not declared
// gone yet is given a full lease from that round on, since a registry out of the desk's reach
// may well have been out of the nodes' reach too (PostgreSQL restarting), and their heartbeats
// then failed through no fault of theirs. Plain C++ over the interface; not thread-safe.
class NodeWatch {
 public:
  explicit NodeWatch(std::chrono::milliseconds lease);

  struct Changes {
    std::vector<std::string> gone;  // declared gone by this round
    std::vector<std::string> back;  // heartbeating again after being declared gone
  };

  // One round on `registry`. Throws std::runtime_error when the registry cannot be read
  // (nothing changes; the next round that can read it counts as coming after a gap).
  Changes round(NodeRegistry& registry);

 private:
  std::chrono::milliseconds lease_;
  NodePresence presence_;
  std::optional<std::int64_t> last_read_;  // the registry's clock at the last round that read it
  std::set<std::string> gone_;             // declared gone, not heartbeating since
};

}  // namespace kefu::cluster
