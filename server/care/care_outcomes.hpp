#pragma once

#include <cstdint>

namespace kefu::care {

// What followed a group of a rule's jobs, each within the goal's window after the job ended:
// how many customers wrote to the shop, ordered again, rated a conversation (and how many of
// those ratings were 4 or 5, the CSAT of docs/metrics.md).
struct GroupOutcome {
  int jobs = 0;
  int customers = 0;  // distinct
  int replied = 0;
  int repurchased = 0;
  int rated = 0;
  int satisfied = 0;
};

// A rule's reach against its holdout: the jobs done, and those skipped on purpose (reason
// `holdout`), which are the control group.
struct RuleOutcome {
  GroupOutcome reached;
  GroupOutcome holdout;
};

// Reads what followed rules' jobs. Implementations read the store; none writes.
class CareOutcomes {
 public:
  virtual ~CareOutcomes() = default;
  // The outcome of `rule_id`'s jobs ended at or after `since` (ms), each looked at for
  // `window_ms` after it ended (a window still open counts what happened so far).
  virtual RuleOutcome measure(std::int64_t rule_id, std::int64_t window_ms, std::int64_t since) = 0;
};

}  // namespace kefu::care
