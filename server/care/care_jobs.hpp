#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kefu::care {

// One due action of a rule for one subject: a durable row, unique by its idempotency key
// ("rule:subject"), so a rule reaches a subject once whatever is replayed or restarted.
struct CareJob {
  std::int64_t id = 0;
  std::int64_t rule_id = 0;
  std::string key;
  std::int64_t customer_id = 0;
  std::optional<std::int64_t> order_id;
  std::optional<std::int64_t> conversation_id;
  std::string trigger;
  std::int64_t triggered_at = 0;
  std::int64_t due_at = 0;
  std::string status = "pending";  // pending | done | skipped | cancelled
  std::string reason;              // why skipped or cancelled
  std::optional<std::int64_t> finished_at;
};

// The scheduled jobs. Implementations store them durably; not thread-safe.
class CareJobs {
 public:
  virtual ~CareJobs() = default;
  // Stores a pending job and returns its id; nullopt when a job with the same key exists
  // (whatever its status): the once-per-rule-and-subject cap.
  virtual std::optional<std::int64_t> schedule(const CareJob& job) = 0;
  // Pending jobs due at or before `now`, earliest first, at most `limit`.
  virtual std::vector<CareJob> due(std::int64_t now, int limit) = 0;
  // Pending jobs of the customer (of one rule when `rule_id` is set).
  virtual std::vector<CareJob> pending_for(std::int64_t customer_id,
                                           std::optional<std::int64_t> rule_id) = 0;
  // Ends a pending job: status done, skipped or cancelled, with the reason. `contact`: doing
  // it reached the customer (counts toward the contact cap). False when it was not pending.
  virtual bool finish(std::int64_t job_id, const std::string& status, const std::string& reason,
                      bool contact, std::int64_t now) = 0;
  // Moves a pending job's due time (quiet hours).
  virtual void postpone(std::int64_t job_id, std::int64_t due_at) = 0;
  // When the customer was last reached by a care contact, if ever.
  virtual std::optional<std::int64_t> last_contact(std::int64_t customer_id) = 0;
  // The ids of every job of the customer, whatever its status, oldest first (erasure).
  virtual std::vector<std::int64_t> of_customer(std::int64_t customer_id) = 0;
  // A rule's jobs, newest first (the rule's log).
  virtual std::vector<CareJob> of_rule(std::int64_t rule_id, int limit) = 0;
};

}  // namespace kefu::care
