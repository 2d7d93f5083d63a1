#include <unordered_set>

#include "server/domain/contact_centre.hpp"

namespace kefu {

void ContactCentre::send_to_conversation_staff(std::int64_t conversation_id,
                                               const outbound::Frame& frame,
                                               const std::vector<std::int64_t>& also) {
  std::unordered_set<const Participant*> sent;
  const auto to_staff = [&](std::int64_t user_id) {
    for (const Participant* p : switchboard_.staff_sockets(user_id)) {
      if (!sent.insert(p).second) continue;
      if (const Connection* c = switchboard_.find(p); c != nullptr && c->staff) {
        c->participant->deliver(frame);
      }
    }
  };
  if (auto it = conversations_.find(conversation_id); it != conversations_.end()) {
    if (it->second.record.agent_id) to_staff(*it->second.record.agent_id);
  }
  if (auto watching = monitors_.find(conversation_id); watching != monitors_.end()) {
    for (const Participant* p : watching->second) {
      if (!sent.insert(p).second) continue;
      if (const Connection* c = switchboard_.find(p); c != nullptr && c->staff) {
        c->participant->deliver(frame);
      }
    }
  }
  for (std::int64_t user_id : also) to_staff(user_id);
}

}  // namespace kefu
