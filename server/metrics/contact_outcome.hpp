#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/domain/event.hpp"

namespace kefu::metrics {

// What happened to one contact in a routing simulation (or any other source of per-contact
// outcomes): when it arrived, when it was answered or abandoned, when it ended, and by whom.
struct ContactOutcome {
  std::int64_t contact_id = 0;  // becomes the conversation id; must be positive and unique
  std::string queue = "general";
  std::string channel = "chat";
  std::int64_t arrival = 0;
  std::optional<std::int64_t> answered_at;   // assignment to an agent
  std::optional<std::int64_t> abandoned_at;  // the customer left before assignment
  std::optional<std::int64_t> end;           // resolution, for answered contacts
  std::int64_t agent_id = 0;                 // the agent who answered
};

// Turns outcomes into interaction-log events (docs/events.md), merged in time order, so that a
// simulation can be fed through the KPI engine: conversation_opened, conversation_queued
// ("new") and message_received at arrival; then conversation_assigned with wait_ms, or
// conversation_abandoned with wait_ms (neither: still waiting); conversation_resolved at `end`.
// Agents answering are set online at the first arrival and offline after the last event. Throws
// std::invalid_argument, returning nothing, for an outcome that is both answered and abandoned, has
// times out of order, an answered contact without an agent, or a repeated or non-positive contact
// id.
std::vector<Event> events_from_outcomes(const std::vector<ContactOutcome>& outcomes);

}  // namespace kefu::metrics
