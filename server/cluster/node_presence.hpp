#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace kefu::cluster {

// How long a node may go without a heartbeat before it is declared gone, and how long its agents
// then keep their chats (the same grace as an agent whose socket closes on a live node).
struct PresenceSettings {
  std::chrono::milliseconds lease{5000};
  std::chrono::milliseconds grace{60000};
};

// The desk's view of which nodes are alive and which agents are reachable through them. Agents
// whose every socket was on nodes that stopped heartbeating get the grace period from the moment
// the node is declared gone; if they come back on a live node within it, nothing happens;
// otherwise they are lost and their chats go back to the queue. Plain C++ with explicit times
// (ms, one clock for all: the database's), not thread-safe.
class NodePresence {
 public:
  explicit NodePresence(PresenceSettings settings) : settings_(settings) {}

  // A node's latest heartbeat (an older one than known is ignored).
  void heartbeat(const std::string& node, std::int64_t at);
  // Which agents have a socket on which node, all of it (replaces what was known).
  void set_sockets(const std::vector<std::pair<std::int64_t, std::string>>& agent_nodes);

  struct Changes {
    std::vector<std::string> nodes_gone;        // declared gone by this sweep
    std::vector<std::string> nodes_back;        // heartbeating again
    std::vector<std::int64_t> agents_in_grace;  // whose grace started now
    std::vector<std::int64_t> agents_back;      // reachable again within grace
    std::vector<std::int64_t> agents_lost;      // whose grace ran out now
  };
  // Brings the view to `now`; each change is reported once.
  Changes sweep(std::int64_t now);

  bool alive(const std::string& node) const;
  // The agents whose grace ran out and who are still listed on a gone node (their chats are
  // to requeue until the registry forgets them), by id.
  std::vector<std::int64_t> lost_agents() const { return {lost_.begin(), lost_.end()}; }
  // When `agent`'s grace ends, if they are in it.
  std::optional<std::int64_t> grace_ends(std::int64_t agent) const;

 private:
  bool reachable(std::int64_t agent) const;

  PresenceSettings settings_;
  std::map<std::string, std::int64_t> beats_;
  std::set<std::string> gone_;
  std::map<std::int64_t, std::set<std::string>> sockets_;
  std::map<std::int64_t, std::int64_t> grace_until_;
  std::set<std::int64_t> lost_;  // reported lost, until reachable again
};

}  // namespace kefu::cluster
