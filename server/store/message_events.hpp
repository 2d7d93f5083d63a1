#pragma once

#include <array>
#include <string>
#include <string_view>

namespace kefu::store {

// The event types the writer stores together with a message (AppendMessage), and only so. Their
// rows are not in the event log's index by conversation (the message's `event_id` leads to
// them), and the ClientIdLedger reads them back after a crash.
inline constexpr std::array<std::string_view, 2> kMessageEventTypes{"message_received",
                                                                    "message_sent"};

// True for the types above.
bool is_message_event(std::string_view type);

// SQL conditions on an events row's `type`, written as comparisons: `IN (...)` makes SQLite
// build a temporary table on every run, and only the exact terms of `events_by_conversation`'s
// WHERE (`type <> '...' AND ...`) let the planner use that partial index.
std::string sql_is_message_event();   // (type = '...' OR type = '...')
std::string sql_not_message_event();  // type <> '...' AND type <> '...'

}  // namespace kefu::store
