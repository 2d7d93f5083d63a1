#include "server/back_office/sqlite_alert_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json/serialize.hpp>

namespace kefu {
namespace {

std::optional<std::int64_t> optional_int(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

}  // namespace

metrics::AlertThresholds SqliteAlertStore::thresholds() {
  SQLite::Statement select(db_,
                           "SELECT waiting, oldest_wait_ms, service_level, breached"
                           " FROM alert_thresholds WHERE id = 1");
  metrics::AlertThresholds t;
  if (select.executeStep()) {
    t.waiting = optional_int(select.getColumn(0));
    t.oldest_wait_ms = optional_int(select.getColumn(1));
    if (!select.getColumn(2).isNull()) t.service_level = select.getColumn(2).getDouble();
    t.breached = optional_int(select.getColumn(3));
  }
  return t;
}

void SqliteAlertStore::save_thresholds(const metrics::AlertThresholds& t, std::int64_t by,
                                       std::int64_t at) {
  SQLite::Statement upsert(
      db_,
      "INSERT OR REPLACE INTO alert_thresholds (id, waiting, oldest_wait_ms, service_level,"
      " breached, updated_by, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)");
  auto bind = [&](int index, const auto& value) {
    if (value) {
      upsert.bind(index, *value);
    } else {
      upsert.bind(index);
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
  SQLite::Statement insert(db_, "INSERT INTO events(at, type, data) VALUES (?, ?, ?)");
  insert.bind(1, at);
  insert.bind(2, change.raised ? "alert_raised" : "alert_cleared");
  insert.bind(
      3, boost::json::serialize(boost::json::object{
             {"alert", change.alert}, {"value", change.value}, {"threshold", change.threshold}}));
  insert.exec();
}

}  // namespace kefu
