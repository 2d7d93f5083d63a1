#include "server/care/sqlite_care_preferences.hpp"

#include <SQLiteCpp/Statement.h>

namespace kefu::care {

CarePreferences SqliteCarePreferences::find(std::int64_t customer_id) {
  SQLite::Statement s(db_,
                      "SELECT time_zone, locale, marketing_consent, opted_out FROM "
                      "care_preferences WHERE customer_id = ?");
  s.bind(1, customer_id);
  CarePreferences p;
  if (s.executeStep()) {
    p.time_zone = s.getColumn(0).getString();
    p.locale = s.getColumn(1).getString();
    p.marketing_consent = s.getColumn(2).getInt() != 0;
    p.opted_out = s.getColumn(3).getInt() != 0;
  }
  return p;
}

void SqliteCarePreferences::save(std::int64_t customer_id, const CarePreferences& p,
                                 std::int64_t now) {
  SQLite::Statement s(db_,
                      "INSERT INTO care_preferences(customer_id, time_zone, locale, "
                      "marketing_consent, opted_out, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT(customer_id) DO UPDATE SET time_zone = excluded.time_zone, "
                      "locale = excluded.locale, marketing_consent = excluded.marketing_consent, "
                      "opted_out = excluded.opted_out, updated_at = excluded.updated_at");
  s.bind(1, customer_id);
  s.bind(2, p.time_zone);
  s.bind(3, p.locale);
  s.bind(4, p.marketing_consent ? 1 : 0);
  s.bind(5, p.opted_out ? 1 : 0);
  s.bind(6, now);
  s.exec();
}

}  // namespace kefu::care
