#pragma once

#include "server/care/care_outcomes.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::care {

// CareOutcomes from `care_jobs`, the interaction log (message_received for a reply,
// survey_submitted with its rating) and `orders` (created after the job: a repurchase), on
// SQLite or PostgreSQL. The connection must outlive it; not thread-safe.
class SqliteCareOutcomes final : public CareOutcomes {
 public:
  explicit SqliteCareOutcomes(sql::Connection& db) : db_(db) {}
  RuleOutcome measure(std::int64_t rule_id, std::int64_t window_ms, std::int64_t since) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::care
