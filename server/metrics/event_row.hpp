#pragma once

#include <SQLiteCpp/Statement.h>

#include "server/domain/event.hpp"

namespace kefu::metrics {

// The columns of an `events` row in the order `read_event_row` reads them.
inline constexpr const char* kEventRowColumns =
    "id, at, type, conversation_id, customer_id, agent_id, channel, queue, data";

// Reads the current row of `row`, whose first nine columns are kEventRowColumns, into `into`.
// Its strings keep their buffers: readers that fold thousands of events a second reuse one
// Event and allocate nothing per row.
void read_event_row(SQLite::Statement& row, Event& into);

}  // namespace kefu::metrics
