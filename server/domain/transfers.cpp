// An agent transfers a conversation to a colleague or a queue with a note; a supervisor moves
// one that another agent holds, and that agent is told (docs/protocol.md, `transfer`). Routing
// refuses a bad target with a typed error and nothing changed. Part of ContactCentre.

#include "server/domain/contact_centre.hpp"

namespace kefu {

void ContactCentre::transfer(const ParticipantPtr& p, const Connection& c, const Transfer& t) {
  auto it = conversations_.find(t.conversation_id);
  Agent* me = agent(c.id);
  const bool supervises = me != nullptr && me->user.role != store::Role::agent;
  if (it == conversations_.end() || (!supervises && it->second.record.agent_id != c.id)) {
    p->deliver(outbound::error("not_found", t.client_id, "no such conversation"));
    return;
  }
  const auto target =
      t.to_agent ? routing::Target::to_agent(*t.to_agent) : routing::Target::to_queue(t.to_queue);
  const std::optional<std::int64_t> holder = it->second.record.agent_id;
  try {
    if (supervises && holder != c.id) {
      engine_.move(t.conversation_id, target, clock_.now_ms());
      if (holder) tell_reassigned(*holder, c.id, {t.conversation_id}, t.to_agent, t.to_queue);
    } else {
      engine_.transfer(t.conversation_id, target, t.note, clock_.now_ms());
    }
  } catch (const routing::RoutingError& refused) {
    p->deliver(outbound::error("conflict", t.client_id, refused.what()));
    return;
  }
  if (!t.note.empty()) it->second.transfer_note = t.note;
  apply_routing();
  p->deliver(outbound::ack(t.client_id, t.conversation_id, std::nullopt, clock_.now_ms()));
}

}  // namespace kefu
