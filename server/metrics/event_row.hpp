#pragma once

#include <string>

#include "server/domain/event.hpp"
#include "server/store/sql/event_log_reader.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::metrics {

// The columns of an `events` row in the order `read_event_row` reads them.
inline constexpr const char* kEventRowColumns =
    "id, at, type, conversation_id, customer_id, agent_id, channel, queue, data";

// The events after a cursor (?1, the id of the last event read), in log order, at most ?2 of
// them, as kEventRowColumns: how the KPI rollups and the live feed each follow the log, exactly
// once on either engine (sql::EventLogReader).
inline std::string event_rows_after_query(sql::Connection& db) {
  return sql::events_after_query(db, kEventRowColumns);
}

// Reads the current row of `row`, whose first nine columns are kEventRowColumns, into `into`.
// Its strings keep their buffers: readers that fold thousands of events a second reuse one
// Event and allocate nothing per row.
void read_event_row(sql::Statement& row, Event& into);

}  // namespace kefu::metrics
