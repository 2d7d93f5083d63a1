#pragma once

#include "server/back_office/service_event_log.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu {

// ServiceEventLog over the events table and kpi_open_conversations. Not thread-safe; `db`
// must outlive it.
class SqliteServiceEventLog : public ServiceEventLog {
 public:
  explicit SqliteServiceEventLog(sql::Connection& db) : db_(db) {}
  std::vector<AwaitingFirstResponse> awaiting_first_response() override;
  bool record_sla_breach(const AwaitingFirstResponse& conversation, std::int64_t target_ms,
                         std::int64_t breach_at, std::int64_t at) override;
  bool record_erasure(std::int64_t customer_id, const std::vector<std::int64_t>& family,
                      std::int64_t at) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu
