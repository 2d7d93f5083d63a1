#pragma once

#include <cstdint>

#include "server/domain/participant.hpp"

namespace kefu::net {

class ServerState;

// Care messages to customers (a rule's customer_message action) shown in the widget: each is
// taken from the care office (marked shown) and sent as a `care_message` frame
// (docs/protocol.md), once. Free functions that post to the strands owning the state;
// callable from any thread.

// After a customer's socket is accepted: their waiting care messages, to that socket.
void offer_care_messages(ServerState& state, const ParticipantPtr& customer,
                         std::int64_t customer_id);

// Right after a rule stored a message for the customer: when the widget is open on their
// screen now, the waiting messages go to all their sockets; otherwise they wait for the visit.
void push_care_messages(ServerState& state, std::int64_t customer_id);

}  // namespace kefu::net
