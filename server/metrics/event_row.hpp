#pragma once

#include <string>

#include "server/domain/event.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::metrics {

// The columns of an `events` row in the order `read_event_row` reads them.
inline constexpr const char* kEventRowColumns =
    "id, at, type, conversation_id, customer_id, agent_id, channel, queue, data";

// The events after an id (?1), oldest first, at most ?2 of them, as kEventRowColumns: how the
// KPI rollups and the live feed each follow the log.
inline const std::string kEventsAfterQuery =
    std::string("SELECT ") + kEventRowColumns + " FROM events WHERE id > ?1 ORDER BY id LIMIT ?2";

// Reads the current row of `row`, whose first nine columns are kEventRowColumns, into `into`.
// Its strings keep their buffers: readers that fold thousands of events a second reuse one
// Event and allocate nothing per row.
void read_event_row(sql::Statement& row, Event& into);

}  // namespace kefu::metrics
