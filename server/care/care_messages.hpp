#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kefu::care {

// A message of a rule to the customer, shown once in the widget at their next visit, in the
// language it was written in when the rule fired (the customer's).
struct CareMessage {
  std::int64_t id = 0;
  std::int64_t job_id = 0;
  std::int64_t rule_id = 0;
  std::int64_t customer_id = 0;
  std::string text;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> shown_at;
};

// The care messages waiting for the customer's next visit. Implementations store them
// durably; not thread-safe.
class CareMessages {
 public:
  virtual ~CareMessages() = default;
  // Stores a waiting message (one per job at most) and returns its id.
  virtual std::int64_t create(const CareMessage& message) = 0;
  // The customer's waiting messages, oldest first, marked shown at `now`: a second call
  // returns none of them again. Call inside a unit of work with their delivery.
  virtual std::vector<CareMessage> take_waiting(std::int64_t customer_id, std::int64_t now) = 0;
  // Erasure: the customer's messages are deleted, shown or not.
  virtual void erase_customer(std::int64_t customer_id) = 0;
};

}  // namespace kefu::care
