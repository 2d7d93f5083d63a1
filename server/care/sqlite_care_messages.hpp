#pragma once

#include "server/care/care_messages.hpp"
#include "server/care/statement_cache.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::care {

// CareMessages in the `care_messages` table (migration step 15), on SQLite or PostgreSQL, one
// per job at most (UNIQUE job_id). The connection must outlive it; not thread-safe.
class SqliteCareMessages final : public CareMessages {
 public:
  explicit SqliteCareMessages(sql::Connection& db) : db_(db) {}
  std::int64_t create(const CareMessage& message) override;
  std::vector<CareMessage> take_waiting(std::int64_t customer_id, std::int64_t now) override;
  void erase_customer(std::int64_t customer_id) override;

 private:
  sql::Connection& db_;
  StatementCache cache_{db_};
};

}  // namespace kefu::care
