#pragma once

#include "server/care/care_jobs.hpp"
#include "server/care/statement_cache.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::care {

// CareJobs in the `care_jobs` table (migration step 5), on SQLite or PostgreSQL: the
// idempotency key is UNIQUE, so a second job for the same rule and subject is refused by the
// database itself. due() claims what it returns until the caller's transaction ends: on
// PostgreSQL its rows are locked FOR UPDATE SKIP LOCKED, so two nodes turning care at once
// never take the same job (SQLite's BEGIN IMMEDIATE lets one writer in at a time). The
// connection must outlive it; not thread-safe.
class SqliteCareJobs final : public CareJobs {
 public:
  explicit SqliteCareJobs(sql::Connection& db) : db_(db) {}
  std::optional<std::int64_t> schedule(const CareJob& job) override;
  std::vector<CareJob> due(std::int64_t now, int limit) override;
  std::vector<CareJob> pending_for(std::int64_t customer_id,
                                   std::optional<std::int64_t> rule_id) override;
  bool finish(std::int64_t job_id, const std::string& status, const std::string& reason,
              bool contact, std::int64_t now) override;
  void postpone(std::int64_t job_id, std::int64_t due_at) override;
  std::optional<std::int64_t> last_contact(std::int64_t customer_id) override;
  std::vector<CareJob> of_rule(std::int64_t rule_id, int limit) override;
  std::vector<std::int64_t> of_customer(std::int64_t customer_id) override;

 private:
  sql::Connection& db_;
  StatementCache cache_{db_};
};

}  // namespace kefu::care
