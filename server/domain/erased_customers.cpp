// The desk's part of erasing a customer (DELETE /api/customers/{id}): their sockets close and
// nothing of theirs is written again. Part of ContactCentre, kept apart from the message path.

#include "server/domain/contact_centre.hpp"

namespace kefu {

void ContactCentre::end_customers(const std::vector<std::int64_t>& customer_ids) {
  for (std::int64_t customer_id : customer_ids) {
    ended_customers_.insert(customer_id);
    customer_names_.erase(customer_id);
    // disconnect() edits the list: walk a copy. The edge reports each close later; by then
    // the participant is gone, so its report and any command behind it do nothing.
    for (const Participant* p : switchboard_.customer_sockets(customer_id)) {
      const Connection* connection = switchboard_.find(p);
      if (connection == nullptr) continue;
      const ParticipantPtr participant = connection->participant;
      disconnect(p);
      participant->close(CloseCause::session_ended);
    }
    // The record is what the desk writes back with every change of the conversation.
    for (auto& [id, conversation] : conversations_) {
      if (conversation.record.customer_id == customer_id) conversation.record.subject.clear();
    }
  }
}

}  // namespace kefu
