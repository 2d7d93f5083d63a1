#include "server/store/sql/event_log_reader.hpp"

namespace kefu::sql {
namespace {

// SQLite: ids in commit order (one writer at a time).
class SqliteEventLogReader final : public EventLogReader {
 public:
  std::string after_query(std::string_view columns) const override {
    return "SELECT " + std::string(columns) + " FROM events WHERE id > ?1 ORDER BY id LIMIT ?2";
  }
};

// PostgreSQL: (xid, id) order below the snapshot's xmin (events_by_xid serves it).
class PostgresEventLogReader final : public EventLogReader {
 public:
  std::string after_query(std::string_view columns) const override {
    return "SELECT " + std::string(columns) +
           " FROM events WHERE (xid, id) > (COALESCE((SELECT c.xid FROM events AS c"
           " WHERE c.id <= ?1 ORDER BY c.id DESC LIMIT 1), '0'::xid8), ?1)"
           " AND xid < pg_snapshot_xmin(pg_current_snapshot())"
           " ORDER BY xid, id LIMIT ?2";
  }
};

}  // namespace

const EventLogReader& event_log_reader(Engine engine) {
  static const SqliteEventLogReader sqlite;
  static const PostgresEventLogReader postgres;
  if (engine == Engine::postgresql) return postgres;
  return sqlite;
}

std::string events_after_query(Connection& db, std::string_view columns) {
  return event_log_reader(db.engine()).after_query(columns);
}

}  // namespace kefu::sql
