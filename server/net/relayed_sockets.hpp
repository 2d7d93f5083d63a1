#pragma once

#include <boost/beast/websocket/rfc6455.hpp>
#include <memory>
#include <mutex>
#include <vector>

namespace kefu::net {

class WebSocketRelay;

// The WebSockets a standby node relays to the desk (WebSocketRelay), so that the node can close
// them all at once: with 1012 when the desk moved (the lease names a new epoch, or this node
// became the desk: they relay to a desk that is gone or frozen), with 1001 when the node stops.
// Thread-safe; holds the relays weakly.
class RelayedSockets {
 public:
  void add(const std::shared_ptr<WebSocketRelay>& relay);
  // Closes every relay still open with `reason` (each on its own strand); returns how many.
  std::size_t close_all(const boost::beast::websocket::close_reason& reason);

 private:
  std::mutex mutex_;
  std::vector<std::weak_ptr<WebSocketRelay>> relays_;  // GUARDED_BY(mutex_)
};

}  // namespace kefu::net
