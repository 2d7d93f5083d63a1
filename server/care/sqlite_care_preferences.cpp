#include "server/care/sqlite_care_preferences.hpp"

#include "server/store/sql/statement.hpp"

namespace kefu::care {

CarePreferences SqliteCarePreferences::find(std::int64_t customer_id) {
  sql::Statement s(db_,
                   "SELECT time_zone, locale, marketing_consent, opted_out FROM "
                   "care_preferences WHERE customer_id = ?");
  s.bind(1, customer_id);
  CarePreferences p;
  if (s.step()) {
    p.time_zone = s.column(0).text();
    p.locale = s.column(1).text();
    p.marketing_consent = s.column(2).int64() != 0;
    p.opted_out = s.column(3).int64() != 0;
  }
  return p;
}

void SqliteCarePreferences::save(std::int64_t customer_id, const CarePreferences& p,
                                 std::int64_t now) {
  sql::Statement s(db_,
                   "INSERT INTO care_preferences(customer_id, time_zone, locale, "
                   "marketing_consent, opted_out, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT(customer_id) DO UPDATE SET time_zone = excluded.time_zone, "
                   "locale = excluded.locale, marketing_consent = excluded.marketing_consent, "
                   "opted_out = excluded.opted_out, updated_at = excluded.updated_at");
  s.bind(1, customer_id)
      .bind(2, p.time_zone)
      .bind(3, p.locale)
      .bind(4, p.marketing_consent ? 1 : 0)
      .bind(5, p.opted_out ? 1 : 0)
      .bind(6, now);
  s.exec();
}

void SqliteCarePreferences::erase(std::int64_t customer_id) {
  sql::Statement s(db_, "DELETE FROM care_preferences WHERE customer_id = ?");
  s.bind(1, customer_id);
  s.exec();
}

}  // namespace kefu::care
