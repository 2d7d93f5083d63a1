#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/domain/outbound.hpp"
#include "server/domain/participant.hpp"

namespace kefu {

// One socket connected to the desk and the party behind it.
struct DeskConnection {
  ParticipantPtr participant;
  bool staff = false;
  std::int64_t id = 0;       // customer id or user id
  std::string session_hash;  // a staff socket's session; a customer socket's visitor id
  std::int64_t session_expires_at = 0;
  bool supervises = false;  // a supervisor or admin: sees every conversation and the KPIs
};

// Who is connected to the desk: every socket with the party behind it, and each customer's and
// each staff member's sockets in the order they connected, kept in step. Sends a frame to all
// sockets of a party. Owns no socket's lifetime beyond the ParticipantPtr it holds until the
// socket is unplugged. Not thread-safe: used only on the desk (ContactCentre).
class Switchboard {
 public:
  // Adds a socket (a socket plugged again replaces its entry and is listed once more) and
  // returns its entry, valid until it is unplugged.
  DeskConnection& plug(DeskConnection connection);
  // Removes a socket; returns false for one not (or no longer) here.
  bool unplug(const Participant* p);

  // The socket's entry, or null once it is unplugged.
  DeskConnection* find(const Participant* p);
  // The entry of a socket that must be here.
  const DeskConnection& at(const Participant* p) const { return connections_.at(p); }

  // True while the customer has a socket open.
  bool customer_connected(std::int64_t customer_id) const {
    return customer_sockets_.contains(customer_id);
  }
  // A copy of the party's sockets (a caller that closes them edits the lists as it goes).
  std::vector<const Participant*> customer_sockets(std::int64_t customer_id) const;
  std::vector<const Participant*> staff_sockets(std::int64_t user_id) const;

  // Sends the frame to every socket of the customer, or of the staff member, except `except`.
  void send_to_customer(std::int64_t customer_id, const outbound::Frame& frame,
                        const Participant* except = nullptr) const;
  void send_to_staff(std::int64_t user_id, const outbound::Frame& frame,
                     const Participant* except = nullptr) const;
  // Sends the frame to every supervisor's and admin's socket.
  void send_to_supervisors(const outbound::Frame& frame) const;

  // Runs `visit` on every socket's entry; it must not plug or unplug.
  template <typename Visit>
  void each(Visit&& visit) const {
    for (const auto& [p, c] : connections_) visit(c);
  }

  std::size_t size() const { return connections_.size(); }

 private:
  using Sockets = std::unordered_map<std::int64_t, std::vector<const Participant*>>;
  static void remove_socket(Sockets& sockets, std::int64_t id, const Participant* p);
  void send(const Sockets& sockets, std::int64_t id, const outbound::Frame& frame,
            const Participant* except) const;

  std::unordered_map<const Participant*, DeskConnection> connections_;
  Sockets customer_sockets_;  // by customer id
  Sockets staff_sockets_;     // by user id
};

}  // namespace kefu
