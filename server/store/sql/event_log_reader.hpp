#pragma once

#include <string>
#include <string_view>

#include "server/store/sql/connection.hpp"

namespace kefu::sql {

// How every reader that follows the interaction log (`events`) with a cursor reads it: the KPI
// rollups and live figures, the webhooks' queue, the shop's pull feed (GET /api/events), the
// care feed. Each event is read exactly once, in an order every reader shares, whatever order
// the writers' transactions commit in. A cursor is the id of the last event read (0 before the
// first), kept wherever the reader keeps it (kpi_progress, meta, memory, a client's `after`).
//
// On SQLite one writer at a time takes the ids, in commit order: the log is read by id (the
// plain id cursor). On PostgreSQL an id is taken at insert, not at commit, so a transaction
// holding a lower id can commit after a higher id has been read: the log is read in (xid, id)
// order (`events.xid`, the writing transaction), only below the reading snapshot's xmin
// (pg_snapshot_xmin(pg_current_snapshot()): every transaction older than it has ended, so no row
// can still appear below it), after the position (xid, id) of the cursor's event. An event of a
// transaction still running is read once it has ended, after the events already read, and never
// twice. A cursor naming no event (a gap, or a client's guess) stands at the event before it.
class EventLogReader {
 public:
  virtual ~EventLogReader() = default;

  // A SELECT of `columns` (columns of `events`, unqualified) of the events after the cursor
  // `?1`, in log order, at most `?2` of them.
  virtual std::string after_query(std::string_view columns) const = 0;
};

// The reader of `engine`'s log.
const EventLogReader& event_log_reader(Engine engine);

// `event_log_reader(db.engine()).after_query(columns)`.
std::string events_after_query(Connection& db, std::string_view columns);

}  // namespace kefu::sql
