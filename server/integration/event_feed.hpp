#pragma once

#include <boost/json/object.hpp>
#include <cstdint>

#include "server/store/sql/connection.hpp"

namespace kefu::integration {

// The most events one page of the feed holds.
inline constexpr std::int64_t kMaxEventsPerPage = 500;

// One page of the interaction log for the shop's systems (GET /api/events): the events after
// the event `after`, in log order (sql::EventLogReader: id order on SQLite), at most `limit`
// (1..kMaxEventsPerPage) of them, as
// {"events":[{id, at, type, conversation_id, customer_id, agent_id, channel, queue, data}],
//  "next_after": the last id on the page, or `after` when it is empty}.
// Events carry ids, never personal data (docs/events.md), so the page holds none.
boost::json::object read_event_page(sql::Connection& db, std::int64_t after, std::int64_t limit);

}  // namespace kefu::integration
