#pragma once

#include "server/care/care_tasks.hpp"
#include "server/care/statement_cache.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::care {

// CareTasks in the `care_tasks` table (migration step 5), on SQLite or PostgreSQL, one task
// per job at most (UNIQUE job_id). The connection must outlive it; not thread-safe.
class SqliteCareTasks final : public CareTasks {
 public:
  explicit SqliteCareTasks(sql::Connection& db) : db_(db) {}
  std::int64_t create(const CareTask& task) override;
  std::optional<CareTask> find(std::int64_t id) override;
  std::vector<CareTask> list(const std::string& status, int limit) override;
  bool close(std::int64_t id, const std::string& status, const std::string& outcome,
             std::int64_t by, std::int64_t now) override;
  void erase_customer(std::int64_t customer_id, std::int64_t now) override;

 private:
  sql::Connection& db_;
  StatementCache cache_{db_};
};

}  // namespace kefu::care
