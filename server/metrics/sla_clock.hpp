#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/metrics/business_calendar.hpp"

namespace kefu::metrics {

// The SLA priority of a customer segment: "vip", "at_risk", or "normal" for every other
// segment (routing::priority_of's classes).
std::string sla_priority(const std::string& segment);

// The priorities a conversation can have and an SLA policy can name, highest first: "vip",
// "at_risk", "normal". One list for the desk, the admin's policies and the care rules.
const std::vector<std::string>& priority_names();

// The three reply targets of the SLA policy that applies to one conversation, in ms.
struct SlaTargets {
  std::int64_t first_response_ms = 20'000;
  std::int64_t next_response_ms = 60'000;
  std::int64_t resolution_ms = 86'400'000;
  bool business_time = false;  // counted in the team's business hours
  std::string policy;          // the policy's key ("chat", "queue:billing:vip"), for display
};

// The clock of one conversation's SLA: its targets, counted in calendar time or in business
// time (then the clock stops outside the team's hours, on holidays, and runs on make-up
// working days, through the team's BusinessCalendar). A value; cheap to copy.
class SlaClock {
 public:
  // `calendar` is the team's (needed only for business time; without one, business time is
  // calendar time).
  explicit SlaClock(SlaTargets targets, std::shared_ptr<const BusinessCalendar> calendar = nullptr);

  const SlaTargets& targets() const { return targets_; }

  // Time on this clock between two instants (ms; 0 when to <= from).
  std::int64_t elapsed_ms(std::int64_t from, std::int64_t to) const;

  // The instant `target_ms` on this clock after `from`: the deadline. Empty when business hours
  // do not open long enough within a year.
  std::optional<std::int64_t> due_at(std::int64_t from, std::int64_t target_ms) const;

  // The instant three quarters of `target_ms` after `from`: from then on the conversation is
  // at risk (the console's and the supervisor's amber badge).
  std::optional<std::int64_t> at_risk_at(std::int64_t from, std::int64_t target_ms) const;

  // "none" (nothing since), "ok", "at_risk" (three quarters of the target gone) or "breached"
  // (the target reached) for a wait that started at `since` (if any), at `now`.
  std::string risk(std::optional<std::int64_t> since, std::int64_t target_ms,
                   std::int64_t now) const;

 private:
  SlaTargets targets_;
  std::shared_ptr<const BusinessCalendar> calendar_;
};

// Where the SLA clock of a conversation comes from: the admin's policies resolved for its
// channel, queue and priority, with its queue's team's hours (admin::SlaBook). Thread-safe.
class SlaClocks {
 public:
  virtual ~SlaClocks() = default;
  // `priority` is "vip", "at_risk", "normal" or empty (unknown).
  virtual SlaClock clock_for(const std::string& channel, const std::string& queue,
                             const std::string& priority) const = 0;
};

}  // namespace kefu::metrics
