#include "server/domain/switchboard.hpp"

#include <algorithm>

namespace kefu {

DeskConnection& Switchboard::plug(DeskConnection connection) {
  const Participant* p = connection.participant.get();
  (connection.staff ? staff_sockets_ : customer_sockets_)[connection.id].push_back(p);
  DeskConnection& entry = connections_[p];
  entry = std::move(connection);
  return entry;
}

bool Switchboard::unplug(const Participant* p) {
  auto it = connections_.find(p);
  if (it == connections_.end()) return false;
  remove_socket(it->second.staff ? staff_sockets_ : customer_sockets_, it->second.id, p);
  connections_.erase(it);
  return true;
}

DeskConnection* Switchboard::find(const Participant* p) {
  auto it = connections_.find(p);
  return it == connections_.end() ? nullptr : &it->second;
}

std::vector<const Participant*> Switchboard::customer_sockets(std::int64_t customer_id) const {
  auto it = customer_sockets_.find(customer_id);
  return it == customer_sockets_.end() ? std::vector<const Participant*>{} : it->second;
}

std::vector<const Participant*> Switchboard::staff_sockets(std::int64_t user_id) const {
  auto it = staff_sockets_.find(user_id);
  return it == staff_sockets_.end() ? std::vector<const Participant*>{} : it->second;
}

void Switchboard::send_to_customer(std::int64_t customer_id, const outbound::Frame& frame,
                                   const Participant* except) const {
  send(customer_sockets_, customer_id, frame, except);
}

void Switchboard::send_to_staff(std::int64_t user_id, const outbound::Frame& frame,
                                const Participant* except) const {
  send(staff_sockets_, user_id, frame, except);
}

void Switchboard::send_to_supervisors(const outbound::Frame& frame) const {
  for (const auto& [p, c] : connections_) {
    if (c.supervises) c.participant->deliver(frame);
  }
}

void Switchboard::remove_socket(Sockets& sockets, std::int64_t id, const Participant* p) {
  auto it = sockets.find(id);
  if (it == sockets.end()) return;
  std::erase(it->second, p);
  if (it->second.empty()) sockets.erase(it);
}

void Switchboard::send(const Sockets& sockets, std::int64_t id, const outbound::Frame& frame,
                       const Participant* except) const {
  auto it = sockets.find(id);
  if (it == sockets.end()) return;
  for (const Participant* p : it->second) {
    if (p != except) connections_.at(p).participant->deliver(frame);
  }
}

}  // namespace kefu
