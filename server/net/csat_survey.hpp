#pragma once

#include <cstdint>

#include "server/domain/command.hpp"
#include "server/domain/contact_centre.hpp"
#include "server/domain/event.hpp"
#include "server/domain/participant.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The CSAT survey and the automatic quality score at resolution, between the desk and the
// back office (docs/protocol.md "CSAT survey", docs/metrics.md "Quality"). Free functions
// that post work to the strands that own the state; callable from any thread.

// Stores a customer's `rate` command on the back office, then answers the customer's socket
// with `ack` (once durable) or a typed `error` (nothing stored), and tells the customer's other
// sockets with `csat_recorded`.
void take_survey(ServerState& state, const ParticipantPtr& customer, const CustomerParty& who,
                 RateConversation rate);

// After a customer connects: when their latest conversation was resolved within the last
// week and is not rated yet, sends them `csat_request` again (the widget survives a reload).
void offer_pending_survey(ServerState& state, const ParticipantPtr& customer,
                          std::int64_t customer_id);

// Follows an event the desk stored (DeskObservers::event_stored, on the desk): a resolution
// scores the conversation and asks its customer for a rating; a reopen rescores it.
void follow_quality(ServerState& state, const Event& stored);

}  // namespace kefu::net
