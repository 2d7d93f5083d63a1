#include "server/cluster/postgres_assignment_ledger.hpp"

#include <stdexcept>

#include "server/cluster/pg_call.hpp"

namespace kefu::cluster {
namespace {

constexpr const char* kStaleDesk = "KFD01";
constexpr const char* kUniqueViolation = "23505";
constexpr const char* kCheckViolation = "23514";
constexpr const char* kForeignKeyViolation = "23503";

}  // namespace

PostgresAssignmentLedger::PostgresAssignmentLedger(const std::string& uri) : db_(uri) {}

AssignmentOutcome PostgresAssignmentLedger::assign(std::int64_t desk_epoch,
                                                   std::int64_t conversation, std::int64_t agent,
                                                   std::int64_t at, const std::string& reason) {
  const auto result = call(db_, "SELECT kefu_desk_assign($1, $2, $3, $4, $5)",
                           {std::to_string(desk_epoch), std::to_string(conversation),
                            std::to_string(agent), std::to_string(at), reason});
  if (result.ok()) return AssignmentOutcome::assigned;
  const auto state = result.sqlstate();
  if (state == kStaleDesk) return AssignmentOutcome::stale_desk;
  if (state == kUniqueViolation) return AssignmentOutcome::already_assigned;
  if (state == kCheckViolation) return AssignmentOutcome::agent_at_capacity;
  if (state == kForeignKeyViolation) return AssignmentOutcome::no_conversation;
  throw std::runtime_error("postgresql: assignment failed: " + result.error());
}

RequeueOutcome PostgresAssignmentLedger::requeue(std::int64_t desk_epoch, std::int64_t conversation,
                                                 std::int64_t at, const std::string& reason) {
  const auto result =
      call(db_, "SELECT kefu_desk_requeue($1, $2, $3, $4)",
           {std::to_string(desk_epoch), std::to_string(conversation), std::to_string(at), reason});
  RequeueOutcome outcome;
  if (result.ok()) {
    outcome.agent = result.optional_int64(0, 0);
    return outcome;
  }
  if (result.sqlstate() == kStaleDesk) {
    outcome.stale_desk = true;
    return outcome;
  }
  throw std::runtime_error("postgresql: requeue failed: " + result.error());
}

std::vector<std::int64_t> PostgresAssignmentLedger::active_conversations(std::int64_t agent) {
  const auto rows = db_.exec(
      "SELECT conversation_id FROM assignments WHERE agent_id = $1 AND ended_at IS NULL "
      "ORDER BY conversation_id",
      {std::to_string(agent)});
  std::vector<std::int64_t> conversations;
  for (int i = 0; i < rows.rows(); ++i) conversations.push_back(rows.int64(i, 0));
  return conversations;
}

}  // namespace kefu::cluster
