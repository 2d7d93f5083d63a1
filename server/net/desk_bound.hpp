#pragma once

namespace kefu::net {

// A request or a WebSocket upgrade a standby node relays, while it waits on the desk
// (HttpRelay, WebSocketRelay). RelayedSockets holds them weakly and tells each one when the
// desk moved (the lease names a new epoch, or this node became the desk): what waits on a desk
// that is gone or frozen ends at once instead of at its timeout.
class DeskBound {
 public:
  // The lease names another desk: end what still waits on the old one, never to send it there
  // again. Thread-safe; does nothing once the answer went to the client.
  virtual void desk_moved() = 0;

 protected:
  DeskBound() = default;
  DeskBound(const DeskBound&) = default;
  DeskBound& operator=(const DeskBound&) = default;
  ~DeskBound() = default;  // owned as what it is (shared_ptr<HttpRelay>...), never as a DeskBound
};

}  // namespace kefu::net
