#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace kefu::net {

class WebSocketSession;

// The desk's WebSockets by the node that relays them (the node a valid Kefu-Relayed-For names,
// server/net/relayed_for.hpp), so that the desk can end them all when that node stops
// heartbeating (NodeHeartbeats): a frozen node's clients would otherwise stay online until the
// sockets' own keep-alive gave up. Ending a socket (WebSocketSession::drop) reports it gone as
// any disconnect does (an agent's grace period starts; their chats requeue if they do not come
// back in time), and the client reconnects once its node runs again. Until the node heartbeats
// again, a socket it relays is refused (`accepts`), so that nothing it held from before it froze
// comes back. Thread-safe; holds the sockets weakly.
class NodeSockets {
 public:
  // False when `node` was declared gone and has not heartbeated since.
  bool accepts(const std::string& node) const;
  // Keeps `socket`, relayed by `node`; false (and nothing kept) when `node` is gone.
  bool add(const std::string& node, const std::shared_ptr<WebSocketSession>& socket);
  // `node` stopped heartbeating: ends every socket it relays and refuses the next ones until
  // back(); returns how many were open.
  std::size_t gone(const std::string& node);
  // `node` heartbeats again: the sockets it relays are accepted again.
  void back(const std::string& node);

 private:
  struct Relayed {
    std::vector<std::weak_ptr<WebSocketSession>> sockets;
    std::size_t pruned_at = 0;  // the size after the last removal of closed ones
  };

  mutable std::mutex mutex_;
  std::map<std::string, Relayed> nodes_;  // GUARDED_BY(mutex_)
  std::set<std::string> gone_;            // GUARDED_BY(mutex_)
};

}  // namespace kefu::net
