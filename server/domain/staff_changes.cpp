// The desk's part of an admin's staff changes (the admin console, server/admin): new profiles
// take effect on routing's next decision, a deactivated member's work goes back to the queue at
// once, and sign-outs close sockets. Part of ContactCentre, kept apart from the message path.

#include "server/domain/contact_centre.hpp"

namespace kefu {

void ContactCentre::update_staff(const store::UserRecord& user) {
  auto it = agents_.find(user.id);
  if (it == agents_.end()) return;  // loaded from the store when next needed
  Agent& a = it->second;
  const bool role_changed = a.user.role != user.role;
  const std::string password_hash = a.user.password_hash;
  a.user = user;
  a.user.password_hash = password_hash;
  if (role_changed) {
    retire_staff(user.id);
    return;
  }
  if (a.routed) {
    route_agent(a);
    apply_routing();
  }
}

void ContactCentre::retire_staff(std::int64_t user_id) {
  auto it = agents_.find(user_id);
  if (it != agents_.end() && it->second.routed) {
    Connection admin;
    admin.staff = true;
    admin.id = user_id;
    // Offline sends their chats to the head of their queues (routing's agent_lost).
    set_status(admin, AgentStatus::offline, "deactivated");
    for (auto& [id, c] : conversations_) {
      if (c.record.agent_id == user_id && c.record.status == "assigned" &&
          c.record.channel != "chat") {
        try {
          engine_.move(id, routing::Target::to_queue(settings_.ticket_queue), clock_.now_ms());
        } catch (const routing::RoutingError&) {
          // Not held by routing (already on its way elsewhere): nothing to take back.
        }
      }
    }
    apply_routing();
  }
  end_staff_sockets(user_id);
}

void ContactCentre::end_staff_sockets(std::int64_t user_id) {
  // disconnect() edits the list: walk a copy.
  for (const Participant* p : switchboard_.staff_sockets(user_id)) {
    const Connection* connection = switchboard_.find(p);
    if (connection == nullptr) continue;
    const ParticipantPtr participant = connection->participant;
    disconnect(p);
    participant->close(CloseCause::session_ended);
  }
}

}  // namespace kefu
