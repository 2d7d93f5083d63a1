#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "server/admin/business_hours_book.hpp"
#include "server/admin/sla_policy.hpp"
#include "server/metrics/sla_clock.hpp"

namespace kefu::admin {

// The most specific of `policies` for a conversation: the queue's policy for its priority,
// else the queue's policy for every priority, else the channel's, else default_sla(channel).
SlaPolicy resolve_sla(const std::vector<SlaPolicy>& policies, const std::string& channel,
                      const std::string& queue, const std::string& priority);

// The SLA policies and each queue's team as the running server uses them: every judge of time
// (the console's badges, the supervisor's list and tiles, the service level, the quality score,
// the reports) asks it for a conversation's clock. The admin's saves replace the policies and
// the queues' teams at once; the teams' hours come from the BusinessHoursBook at each call, so
// an hours change counts from the next decision too. Thread-safe.
class SlaBook : public metrics::SlaClocks {
 public:
  explicit SlaBook(const BusinessHoursBook& hours) : hours_(hours) {}

  // Every policy (channels' and queues', as RoutingSetup::sla_policies gives them).
  void set_policies(std::vector<SlaPolicy> policies);
  // Queue name -> the team that serves it (a queue without one counts calendar time).
  void set_queue_teams(std::map<std::string, std::string> queue_team);

  SlaPolicy policy_for(const std::string& channel, const std::string& queue,
                       const std::string& priority) const;
  // The team serving a queue, or "".
  std::string team_of(const std::string& queue) const;

  metrics::SlaClock clock_for(const std::string& channel, const std::string& queue,
                              const std::string& priority) const override;

 private:
  const BusinessHoursBook& hours_;
  mutable std::mutex mutex_;
  std::vector<SlaPolicy> policies_;                // GUARDED_BY(mutex_)
  std::map<std::string, std::string> queue_team_;  // GUARDED_BY(mutex_)
};

}  // namespace kefu::admin
