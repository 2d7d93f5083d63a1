#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kefu::care {

// Something that happened that rules react to: from the interaction log (conversation_created,
// conversation_resolved, conversation_reopened, rating_given, customer_replied,
// conversation_pending), the order feed (order_paid, order_fulfilled, order_delivered,
// order_refunded), the customers' segments (segment_changed) or an erasure
// (customer_erased, which cancels everything for the customer).
struct CareEvent {
  std::string type;
  std::int64_t customer_id = 0;
  std::optional<std::int64_t> order_id;
  std::optional<std::int64_t> conversation_id;
  std::int64_t at = 0;  // ms since the epoch, UTC
  // Which occurrence on the same subject this is, when a subject meets the trigger more than
  // once (conversation_pending: the log id of the customer message answered, 0 for none).
  std::int64_t occurrence = 0;
};

}  // namespace kefu::care
