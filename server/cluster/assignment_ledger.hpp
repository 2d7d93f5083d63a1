#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kefu::cluster {

// What became of an assignment the desk asked for.
enum class AssignmentOutcome {
  assigned,
  stale_desk,         // the desk's epoch is no longer the current one: a newer desk was elected
  already_assigned,   // the conversation has an active assignee
  agent_at_capacity,  // the agent holds as many chats as their capacity
  no_conversation,
};

// What became of a requeue (an assignment ended and its conversation back in the queue).
struct RequeueOutcome {
  bool stale_desk = false;
  std::optional<std::int64_t> agent;  // the agent whose assignment ended; nullopt: none active
};

// Where the desk records who holds which conversation, when several nodes share one database.
// Each call is one transaction that a stale desk (whose epoch a newer desk has replaced) cannot
// complete, and that can neither give a conversation two active assignees nor take an agent past
// their capacity, whatever other desks do at the same time. Refusals change nothing.
class AssignmentLedger {
 public:
  virtual ~AssignmentLedger() = default;

  // Assigns `conversation` to `agent` at `at` (ms since the epoch) for `reason`, with the
  // conversation's row and its conversation_assigned event. Throws std::runtime_error when the
  // database could not be reached (the outcome is then unknown).
  virtual AssignmentOutcome assign(std::int64_t desk_epoch, std::int64_t conversation,
                                   std::int64_t agent, std::int64_t at,
                                   const std::string& reason) = 0;

  // Ends `conversation`'s active assignment and puts it back in the queue, with its
  // conversation_queued event. Throws as assign().
  virtual RequeueOutcome requeue(std::int64_t desk_epoch, std::int64_t conversation,
                                 std::int64_t at, const std::string& reason) = 0;

  // The conversations `agent` is the active assignee of, by id.
  virtual std::vector<std::int64_t> active_conversations(std::int64_t agent) = 0;
};

}  // namespace kefu::cluster
