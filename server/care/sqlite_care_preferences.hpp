#pragma once

#include <SQLiteCpp/Database.h>

#include "server/care/care_preferences.hpp"

namespace kefu::care {

// CarePreferenceBook in the `care_preferences` table (migration step 5). The connection must
// outlive it; not thread-safe.
class SqliteCarePreferences final : public CarePreferenceBook {
 public:
  explicit SqliteCarePreferences(SQLite::Database& db) : db_(db) {}
  CarePreferences find(std::int64_t customer_id) override;
  void save(std::int64_t customer_id, const CarePreferences& preferences,
            std::int64_t now) override;

 private:
  SQLite::Database& db_;
};

}  // namespace kefu::care
