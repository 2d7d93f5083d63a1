// The desk's part of business hours: a queue whose team is outside its hours is closed in the
// routing engine (its conversations wait, no agent gets one) and opens again with the team.
// Part of ContactCentre, kept apart from the message path.

#include "server/domain/contact_centre.hpp"

namespace kefu {

void ContactCentre::set_opening_hours(
    std::function<bool(const std::string& team, std::int64_t at)> open) {
  team_open_ = std::move(open);
  follow_opening_hours();
  apply_routing();
}

void ContactCentre::follow_opening_hours() {
  if (!team_open_) return;
  const std::int64_t now = clock_.now_ms();
  for (auto& [name, queue] : queue_configs_) {
    const bool closed = !queue.team.empty() && !team_open_(queue.team, now);
    if (closed == queue.closed || !engine_.has_queue(name)) continue;
    queue.closed = closed;
    // Opening routes its waiting conversations at once; the caller applies the decisions.
    engine_.update_queue(queue, now);
  }
}

}  // namespace kefu
