#pragma once

#include "server/care/care_preferences.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::care {

// CarePreferenceBook in the `care_preferences` table (migration step 5), on SQLite or
// PostgreSQL. The connection must outlive it; not thread-safe.
class SqliteCarePreferences final : public CarePreferenceBook {
 public:
  explicit SqliteCarePreferences(sql::Connection& db) : db_(db) {}
  CarePreferences find(std::int64_t customer_id) override;
  void save(std::int64_t customer_id, const CarePreferences& preferences,
            std::int64_t now) override;
  void erase(std::int64_t customer_id) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::care
