#pragma once

#include <memory>
#include <mutex>
#include <vector>

namespace kefu::net {

class WebSocketTunnel;

// The WebSockets a standby node relays to the desk (WebSocketTunnel), so that the node can close
// them all at once: when the desk moved (the lease names a new epoch, or this node became the
// desk: they relay to a desk that is gone or frozen) and when the node stops. A tunnel cannot
// send a close frame (it frames nothing): its client sees the connection end (1006) and
// reconnects, to this node or another, and resumes by seq.
// Thread-safe; holds the tunnels weakly.
class RelayedSockets {
 public:
  void add(const std::shared_ptr<WebSocketTunnel>& tunnel);
  // Closes every tunnel still open (each on its own strand); returns how many.
  std::size_t close_all();

 private:
  std::mutex mutex_;
  std::vector<std::weak_ptr<WebSocketTunnel>> tunnels_;  // GUARDED_BY(mutex_)
};

}  // namespace kefu::net
