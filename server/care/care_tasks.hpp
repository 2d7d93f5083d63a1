#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kefu::care {

// An outbound task for an agent or a team: call or write to the customer about their order.
struct CareTask {
  std::int64_t id = 0;
  std::int64_t job_id = 0;
  std::int64_t rule_id = 0;
  std::int64_t customer_id = 0;
  std::optional<std::int64_t> order_id;
  std::optional<std::int64_t> agent_id;  // for this agent ...
  std::string team;                      // ... or this team; neither: any agent
  std::string text;
  std::string status = "open";  // open | done | skipped
  std::string outcome;          // the agent's note when closing
  std::int64_t created_at = 0;
  std::optional<std::int64_t> closed_at;
  std::optional<std::int64_t> closed_by;
};

// The care tasks. Implementations store them durably; not thread-safe.
class CareTasks {
 public:
  virtual ~CareTasks() = default;
  virtual std::int64_t create(const CareTask& task) = 0;
  virtual std::optional<CareTask> find(std::int64_t id) = 0;
  // Tasks with this status ("" for any), newest first, at most `limit`.
  virtual std::vector<CareTask> list(const std::string& status, int limit) = 0;
  // Closes an open task; false when it was not open.
  virtual bool close(std::int64_t id, const std::string& status, const std::string& outcome,
                     std::int64_t by, std::int64_t now) = 0;
  // Erasure: the customer's tasks keep no text; open ones are skipped.
  virtual void erase_customer(std::int64_t customer_id, std::int64_t now) = 0;
};

}  // namespace kefu::care
