#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "server/routing/model.hpp"

// What the engine tells its caller: every decision it took, and every change of a waiting
// customer's place in line. The caller turns decisions into interaction-log events
// (docs/events.md) and queue updates into `queue` messages (docs/protocol.md).
namespace kefu::routing {

enum class DecisionKind {
  queued,         // entered a queue; reason: what the caller passed to enqueue ("new", ...)
  overflowed,     // waited past the queue's limit, eligible set widened; reason "overflow"
  offered,        // offered to `agent` (offer-and-accept mode); reason as for assigned
  assigned,       // given to `agent`; reason sticky|least_load|overflow|manual|transfer
  requeued,       // back in a queue; reason agent_lost|agent_away|offer_timeout|
                  // offer_declined|transfer|manual; `from_agent` is the agent it left
  agent_offline,  // a disconnected agent's grace period ended; reason "disconnect"
};

std::string_view to_string(DecisionKind kind);

struct RoutingDecision {
  DecisionKind kind = DecisionKind::queued;
  TimeMs at = 0;
  ConversationId conversation = 0;  // 0 for agent_offline
  std::string queue;
  std::optional<AgentId> agent;       // offered / assigned to; agent_offline: who
  std::optional<AgentId> from_agent;  // the agent the conversation left, if any
  std::string reason;
  TimeMs wait_ms = 0;  // assigned: time since the conversation (re)entered its queue
  // assigned: the first wait estimate the customer was shown in this stay, if any, so the
  // caller can log estimate and actual side by side.
  std::optional<TimeMs> estimated_wait_ms;
  std::string note;  // transfers: the note for the receiving agent
};

// A waiting customer's place in line. position 0: an agent has the conversation.
struct QueueUpdate {
  ConversationId conversation = 0;
  std::string queue;
  int position = 0;
  std::optional<TimeMs> estimated_wait_ms;  // empty when nobody serves the queue
};

// How the first estimate shown to each customer compared with the wait that followed
// (conversations answered after they were shown an estimate; abandoned ones are not counted).
struct EstimateAccuracy {
  long count = 0;
  double mean_estimate_ms = 0;
  double mean_actual_ms = 0;
  double mean_error_ms = 0;  // estimate - actual: > 0 means we promised too long
  double mean_absolute_error_ms = 0;
};

}  // namespace kefu::routing
