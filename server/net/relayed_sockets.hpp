#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace kefu::net {

class DeskBound;
class WebSocketTunnel;

// The WebSockets a standby node relays to the desk (WebSocketTunnel), so that the node can close
// them all at once: when the desk moved (the lease names a new epoch, or this node became the
// desk: they relay to a desk that is gone or frozen) and when the node stops. A tunnel cannot
// send a close frame (it frames nothing): its client sees the connection end (1006) and
// reconnects, to this node or another, and resumes by seq.
// What still waits on the desk is ended with them (DeskBound): an HTTP request or a WebSocket
// upgrade waiting for an answer from a desk that was replaced (frozen, or gone without a FIN)
// would otherwise wait for its timeout; it gets 503 `standby` (a request: 502 once the desk had
// taken it), and the client tries again.
// Thread-safe; holds the tunnels and the waiting exchanges weakly.
class RelayedSockets {
 public:
  void add(const std::shared_ptr<WebSocketTunnel>& tunnel);
  // A request or an upgrade, before it reads the lease: a desk move from then on reaches it.
  // Held until close_all, which begins a new round; returns the round it is held in. A
  // kept-alive connection's relay adds itself again once round() moved on.
  std::uint64_t add_waiting(const std::shared_ptr<DeskBound>& exchange);
  std::uint64_t round();
  // Closes every tunnel still open and tells every waiting exchange the desk moved (each on its
  // own strand); returns how many tunnels.
  std::size_t close_all();

 private:
  std::mutex mutex_;
  std::vector<std::weak_ptr<WebSocketTunnel>> tunnels_;  // GUARDED_BY(mutex_)
  std::vector<std::weak_ptr<DeskBound>> waiting_;        // GUARDED_BY(mutex_)
  std::uint64_t round_ = 0;                              // GUARDED_BY(mutex_)
};

}  // namespace kefu::net
