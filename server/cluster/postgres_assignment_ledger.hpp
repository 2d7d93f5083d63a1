#pragma once

#include <string>

#include "server/cluster/assignment_ledger.hpp"
#include "server/store/postgres/pg_connection.hpp"

namespace kefu::cluster {

// The AssignmentLedger on PostgreSQL: each call is one statement (kefu_desk_assign or
// kefu_desk_requeue, server/cluster/cluster_schema.hpp), so one transaction, whose refusals the
// schema itself raises (stale epoch, second active assignee, capacity). Its own connection; not
// thread-safe.
class PostgresAssignmentLedger : public AssignmentLedger {
 public:
  // Connects to `uri`; throws std::runtime_error when it cannot.
  explicit PostgresAssignmentLedger(const std::string& uri);

  AssignmentOutcome assign(std::int64_t desk_epoch, std::int64_t conversation, std::int64_t agent,
                           std::int64_t at, const std::string& reason) override;
  RequeueOutcome requeue(std::int64_t desk_epoch, std::int64_t conversation, std::int64_t at,
                         const std::string& reason) override;
  std::vector<std::int64_t> active_conversations(std::int64_t agent) override;

 private:
  store::PgConnection db_;
};

}  // namespace kefu::cluster
