#pragma once

#include <array>
#include <string_view>

namespace kefu::store {

// The event types the writer stores together with a message (AppendMessage), and only so. Their
// rows are not in the event log's index by conversation (the message's `event_id` leads to
// them), and the ClientIdLedger reads them back after a crash.
inline constexpr std::array<std::string_view, 2> kMessageEventTypes{"message_received",
                                                                    "message_sent"};

// True for the types above.
bool is_message_event(std::string_view type);

}  // namespace kefu::store
