#include "server/net/node_sockets.hpp"

#include <algorithm>

#include "server/net/websocket_session.hpp"

namespace kefu::net {

bool NodeSockets::accepts(const std::string& node) const {
  std::lock_guard lock(mutex_);
  return gone_.count(node) == 0;
}

bool NodeSockets::add(const std::string& node, const std::shared_ptr<WebSocketSession>& socket) {
  std::lock_guard lock(mutex_);
  if (gone_.count(node) != 0) return false;
  auto& relayed = nodes_[node];
  // Closed sockets are removed whenever the list has doubled since the last time: a constant
  // cost per socket, however many a node relays.
  if (relayed.sockets.size() >= 2 * relayed.pruned_at + 16) {
    std::erase_if(relayed.sockets, [](const auto& weak) { return weak.expired(); });
    relayed.pruned_at = relayed.sockets.size();
  }
  relayed.sockets.push_back(socket);
  return true;
}

std::size_t NodeSockets::gone(const std::string& node) {
  std::vector<std::weak_ptr<WebSocketSession>> sockets;
  {
    std::lock_guard lock(mutex_);
    gone_.insert(node);
    auto found = nodes_.find(node);
    if (found != nodes_.end()) {
      sockets.swap(found->second.sockets);
      nodes_.erase(found);
    }
  }
  std::size_t ended = 0;
  for (const auto& weak : sockets) {
    if (auto socket = weak.lock()) {
      socket->drop();
      ++ended;
    }
  }
  return ended;
}

void NodeSockets::back(const std::string& node) {
  std::lock_guard lock(mutex_);
  gone_.erase(node);
}

}  // namespace kefu::net
