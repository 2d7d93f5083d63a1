#include "server/back_office/sla_breach_watch.hpp"

namespace kefu {

int SlaBreachWatch::check(std::int64_t now) {
  int written = 0;
  std::set<std::int64_t> still_awaiting;
  for (const auto& c : log_.awaiting_first_response()) {
    // The conversation's own priority chooses its policy, as on the supervisor's list.
    const auto clock = config_.sla_clock(c.channel, c.queue, c.priority);
    const std::int64_t target = clock.targets().first_response_ms;
    const std::int64_t breach_at = config_.breach_at(c.channel, c.queue, c.since, c.priority);
    if (now <= breach_at) continue;
    still_awaiting.insert(c.conversation_id);
    if (recorded_.contains(c.conversation_id)) continue;
    if (log_.record_sla_breach(c, target, breach_at, now)) ++written;
  }
  // Answered or closed conversations are forgotten: the log still keeps them from a second.
  recorded_ = std::move(still_awaiting);
  return written;
}

}  // namespace kefu
