// An agent picks a waiting conversation up from the Unassigned view (docs/protocol.md,
// `pick_up`): authorised here and in the routing engine (the agent serves the queue, is online,
// has a free slot); a refusal is a typed error and changes nothing. Part of ContactCentre.

#include "server/domain/contact_centre.hpp"

namespace kefu {

void ContactCentre::pick_up(const ParticipantPtr& p, const Connection& c, const PickUp& u) {
  if (!agents_.contains(c.id) || c.supervises) {
    p->deliver(outbound::error("forbidden", u.client_id, "only agents pick conversations up"));
    return;
  }
  auto it = conversations_.find(u.conversation_id);
  if (it == conversations_.end()) {
    p->deliver(outbound::error("not_found", u.client_id, "no such conversation"));
    return;
  }
  if (it->second.record.status != "queued" || !engine_.conversation(u.conversation_id)) {
    p->deliver(outbound::error("not_waiting", u.client_id, "the conversation is not waiting"));
    return;
  }
  try {
    engine_.pick_up(u.conversation_id, c.id, clock_.now_ms());
  } catch (const routing::PickUpRefused& refused) {
    p->deliver(outbound::error(refused.code(), u.client_id, refused.what()));
    return;
  }
  apply_routing();
  p->deliver(outbound::ack(u.client_id, u.conversation_id, std::nullopt, clock_.now_ms()));
}

}  // namespace kefu
