#pragma once

#include <memory>
#include <mutex>
#include <vector>

namespace kefu::net {

class HttpRelay;
class WebSocketTunnel;

// The WebSockets a standby node relays to the desk (WebSocketTunnel), so that the node can close
// them all at once: when the desk moved (the lease names a new epoch, or this node became the
// desk: they relay to a desk that is gone or frozen) and when the node stops. A tunnel cannot
// send a close frame (it frames nothing): its client sees the connection end (1006) and
// reconnects, to this node or another, and resumes by seq.
// The HTTP requests it relays are ended with them: one waiting for an answer from a desk that
// was replaced (frozen, or gone without a FIN) would otherwise wait for its timeout; it gets 503
// `standby` (or 502 once the desk had taken it), and the client tries again.
// Thread-safe; holds the tunnels and requests weakly.
class RelayedSockets {
 public:
  void add(const std::shared_ptr<WebSocketTunnel>& tunnel);
  void add(const std::shared_ptr<HttpRelay>& request);
  // Closes every tunnel still open and ends every request still relayed (each on its own
  // strand); returns how many tunnels.
  std::size_t close_all();

 private:
  std::mutex mutex_;
  std::vector<std::weak_ptr<WebSocketTunnel>> tunnels_;  // GUARDED_BY(mutex_)
  std::vector<std::weak_ptr<HttpRelay>> requests_;       // GUARDED_BY(mutex_)
};

}  // namespace kefu::net
