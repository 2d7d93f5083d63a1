#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kefu {

// One record of the interaction log (docs/events.md). Events carry no personal data, so
// erasing a customer leaves them, and every metric derived from them, unchanged.
struct Event {
  std::int64_t id = 0;  // order of appending; 0 until stored
  std::int64_t at = 0;  // server time, ms since the Unix epoch, UTC
  std::string type;     // e.g. "message_received"; see docs/events.md
  std::optional<std::int64_t> conversation_id;
  std::optional<std::int64_t> customer_id;
  std::optional<std::int64_t> agent_id;
  std::optional<std::string> channel;  // "chat", "ticket" or "email"
  std::optional<std::string> queue;
  std::string data = "{}";  // JSON object with the type's own fields
};

}  // namespace kefu
