// The desk's part of an admin's queue changes (the admin console, server/admin): a new or edited
// queue counts from routing's next decision, and a retired queue's waiting conversations move
// at once. Part of ContactCentre, kept apart from the message path.

#include "server/domain/contact_centre.hpp"

namespace kefu {

void ContactCentre::configure_queue(const routing::QueueConfig& given) {
  routing::QueueConfig queue = given;
  queue.closed = team_open_ && !queue.team.empty() && !team_open_(queue.team, clock_.now_ms());
  if (engine_.has_queue(queue.name)) {
    engine_.update_queue(queue, clock_.now_ms());
  } else {
    engine_.add_queue(queue);
  }
  queue_configs_[queue.name] = queue;
  queue_choice_.set(queue);
  apply_routing();
}

std::vector<std::int64_t> ContactCentre::retire_queue(const std::string& name,
                                                      const std::string& move_to) {
  queue_choice_.remove(name);
  queue_configs_.erase(name);
  if (!engine_.has_queue(name)) return {};
  auto moved = engine_.retire_queue(name, move_to, clock_.now_ms());
  apply_routing();
  return moved;
}

void ContactCentre::set_reply_target(const std::string& channel, std::int64_t ms) {
  if (channel == "email") {
    settings_.email_reply_target_ms = ms;
  } else {
    (channel == "ticket" ? settings_.ticket_reply_target_ms : settings_.chat_reply_target_ms) = ms;
  }
}

std::int64_t ContactCentre::reply_target(const std::string& channel) const {
  if (channel == "email") return settings_.email_reply_target_ms;
  return channel == "ticket" ? settings_.ticket_reply_target_ms : settings_.chat_reply_target_ms;
}

}  // namespace kefu
