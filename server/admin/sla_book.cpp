#include "server/admin/sla_book.hpp"

namespace kefu::admin {

SlaPolicy resolve_sla(const std::vector<SlaPolicy>& policies, const std::string& channel,
                      const std::string& queue, const std::string& priority) {
  const SlaPolicy* best = nullptr;
  int best_rank = 0;
  for (const auto& p : policies) {
    int rank = 0;
    if (p.queue.empty() && p.channel == channel) {
      rank = 1;
    } else if (!queue.empty() && p.queue == queue && p.priority.empty()) {
      rank = 2;
    } else if (!queue.empty() && p.queue == queue && !priority.empty() && p.priority == priority) {
      rank = 3;
    }
    if (rank > best_rank) {
      best = &p;
      best_rank = rank;
    }
  }
  return best ? *best : default_sla(channel);
}

void SlaBook::set_policies(std::vector<SlaPolicy> policies) {
  std::lock_guard lock(mutex_);
  policies_ = std::move(policies);
}

void SlaBook::set_queue_teams(std::map<std::string, std::string> queue_team) {
  std::lock_guard lock(mutex_);
  queue_team_ = std::move(queue_team);
}

SlaPolicy SlaBook::policy_for(const std::string& channel, const std::string& queue,
                              const std::string& priority) const {
  std::lock_guard lock(mutex_);
  return resolve_sla(policies_, channel, queue, priority);
}

std::string SlaBook::team_of(const std::string& queue) const {
  std::lock_guard lock(mutex_);
  auto found = queue_team_.find(queue);
  return found == queue_team_.end() ? std::string() : found->second;
}

metrics::SlaClock SlaBook::clock_for(const std::string& channel, const std::string& queue,
                                     const std::string& priority) const {
  const SlaPolicy p = policy_for(channel, queue, priority);
  metrics::SlaTargets targets{p.first_response_seconds * 1000, p.next_response_seconds * 1000,
                              p.resolution_seconds * 1000, p.time == "business", sla_key(p)};
  const std::string team = team_of(queue);
  return metrics::SlaClock(
      targets, targets.business_time && !team.empty() ? hours_.calendar(team) : nullptr);
}

}  // namespace kefu::admin
