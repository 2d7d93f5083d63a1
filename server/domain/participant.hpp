#pragma once

#include <memory>
#include <string>

namespace kefu {

// Why the server closes a participant's socket (RFC 6455 close codes chosen by the edge).
enum class CloseCause {
  going_away,     // server shutting down: 1001
  session_ended,  // logout, expiry or revocation: 1008
  too_slow,       // its bounded send queue is full: 1008
  desk_lost,      // this node stopped being the cluster's desk and restarts: 1012
};

// One connected socket as the domain sees it: somewhere to deliver frames. Implemented by the
// WebSocket session at the network edge and by fakes in tests. Both methods may be called from
// any thread and must not block.
class Participant {
 public:
  virtual ~Participant() = default;

  // Queues one text frame. The frame is shared: the same bytes go to many participants.
  virtual void deliver(std::shared_ptr<const std::string> frame) = 0;

  // Closes the socket; the edge then reports the disconnect to the ContactCentre.
  virtual void close(CloseCause cause) = 0;
};

using ParticipantPtr = std::shared_ptr<Participant>;

}  // namespace kefu
