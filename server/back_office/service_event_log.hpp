#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kefu {

// An open conversation whose customer still waits for the first answer (queued or assigned),
// from the state the rollup writer saved.
struct AwaitingFirstResponse {
  std::int64_t conversation_id = 0;
  std::string queue;
  std::string channel;
  std::int64_t since = 0;  // start of the contact, where the first-response time starts
  std::string priority;    // the conversation's priority (its SLA policy's), "" if unknown
};

// The events the back office itself appends to the interaction log for the webhooks to send
// (docs/events.md): `sla_breached` and `customer_erased`. Each is written at most once for its
// conversation or customer, decided from the log, so a restart never writes one again.
// Implementations: SqliteServiceEventLog.
class ServiceEventLog {
 public:
  virtual ~ServiceEventLog() = default;
  // Every open conversation awaiting its first response, oldest first.
  virtual std::vector<AwaitingFirstResponse> awaiting_first_response() = 0;
  // Appends `sla_breached` for the conversation unless the log already has one. True when
  // written.
  virtual bool record_sla_breach(const AwaitingFirstResponse& conversation, std::int64_t target_ms,
                                 std::int64_t breach_at, std::int64_t at) = 0;
  // Appends `customer_erased` for `customer_id` (data: the ids of `family`, the customer and
  // those merged into it; nothing else) unless the log already has one. True when written.
  virtual bool record_erasure(std::int64_t customer_id, const std::vector<std::int64_t>& family,
                              std::int64_t at) = 0;
};

}  // namespace kefu
