#include "server/cluster/node_presence.hpp"

#include <algorithm>

namespace kefu::cluster {

void NodePresence::heartbeat(const std::string& node, std::int64_t at) {
  auto& beat = beats_[node];
  beat = std::max(beat, at);
}

void NodePresence::set_sockets(const std::vector<std::pair<std::int64_t, std::string>>& agents) {
  sockets_.clear();
  for (const auto& [agent, node] : agents) sockets_[agent].insert(node);
}

bool NodePresence::alive(const std::string& node) const {
  return beats_.count(node) != 0 && gone_.count(node) == 0;
}

bool NodePresence::reachable(std::int64_t agent) const {
  auto found = sockets_.find(agent);
  if (found == sockets_.end()) return false;
  return std::any_of(found->second.begin(), found->second.end(),
                     [this](const std::string& node) { return alive(node); });
}

std::optional<std::int64_t> NodePresence::grace_ends(std::int64_t agent) const {
  auto found = grace_until_.find(agent);
  if (found == grace_until_.end()) return std::nullopt;
  return found->second;
}

NodePresence::Changes NodePresence::sweep(std::int64_t now) {
  Changes changes;
  for (const auto& [node, beat] : beats_) {
    const bool expired = now - beat > settings_.lease.count();
    if (expired && gone_.insert(node).second) changes.nodes_gone.push_back(node);
    if (!expired && gone_.erase(node) != 0) changes.nodes_back.push_back(node);
  }
  // Agents with sockets only on gone nodes start their grace; those reachable again end it.
  for (const auto& [agent, nodes] : sockets_) {
    if (reachable(agent)) {
      lost_.erase(agent);
      if (grace_until_.erase(agent) != 0) changes.agents_back.push_back(agent);
    } else if (grace_until_.count(agent) == 0 && lost_.count(agent) == 0) {
      grace_until_[agent] = now + settings_.grace.count();
      changes.agents_in_grace.push_back(agent);
    }
  }
  for (auto it = grace_until_.begin(); it != grace_until_.end();) {
    if (it->second <= now) {
      changes.agents_lost.push_back(it->first);
      lost_.insert(it->first);
      it = grace_until_.erase(it);
    } else {
      ++it;
    }
  }
  // An agent the registry no longer lists (their chats requeued, their rows gone) is forgotten.
  std::erase_if(lost_, [this](std::int64_t agent) { return sockets_.count(agent) == 0; });
  return changes;
}

}  // namespace kefu::cluster
