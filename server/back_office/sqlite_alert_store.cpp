#include "server/back_office/sqlite_alert_store.hpp"

#include <boost/json/serialize.hpp>

#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu {
namespace {

std::optional<std::int64_t> optional_int(const sql::Column& column) {
  if (column.is_null()) return std::nullopt;
  return column.int64();
}

}  // namespace

metrics::AlertThresholds SqliteAlertStore::thresholds() {
  sql::Statement select(db_,
                        "SELECT waiting, oldest_wait_ms, service_level, breached"
                        " FROM alert_thresholds WHERE id = 1");
  metrics::AlertThresholds t;
  if (select.step()) {
    t.waiting = optional_int(select.column(0));
    t.oldest_wait_ms = optional_int(select.column(1));
    if (!select.column(2).is_null()) t.service_level = select.column(2).real();
    t.breached = optional_int(select.column(3));
  }
  return t;
}

void SqliteAlertStore::save_thresholds(const metrics::AlertThresholds& t, std::int64_t by,
                                       std::int64_t at) {
  sql::Statement upsert(
      db_,
      "INSERT INTO alert_thresholds (id, waiting, oldest_wait_ms, service_level,"
      " breached, updated_by, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (id) DO UPDATE SET waiting = excluded.waiting,"
      " oldest_wait_ms = excluded.oldest_wait_ms, service_level = excluded.service_level,"
      " breached = excluded.breached, updated_by = excluded.updated_by,"
      " updated_at = excluded.updated_at");
  auto bind = [&](int index, const auto& value) {
    if (value) {
      upsert.bind(index, *value);
    } else {
      upsert.bind_null(index);
    }
  };
  bind(1, t.waiting);
  bind(2, t.oldest_wait_ms);
  bind(3, t.service_level);
  bind(4, t.breached);
  upsert.bind(5, by);
  upsert.bind(6, at);
  upsert.exec();
}

void SqliteAlertStore::record(const metrics::AlertChange& change, std::int64_t at) {
  sql::Statement insert(db_, "INSERT INTO events(at, type, data) VALUES (?, ?, ?)");
  insert.bind(1, at);
  insert.bind(2, change.raised ? "alert_raised" : "alert_cleared");
  insert.bind(
      3, boost::json::serialize(boost::json::object{
             {"alert", change.alert}, {"value", change.value}, {"threshold", change.threshold}}));
  insert.exec();
}

}  // namespace kefu
