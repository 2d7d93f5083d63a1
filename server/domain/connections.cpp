// Customers' widget sockets and staff's console sockets come and go: each is welcomed with its
// conversations, an agent's presence follows their sockets, and sockets whose session is over
// are ended. The desk's frames reach a customer, an agent or the supervisors through the
// Switchboard (switchboard.hpp), which holds every socket. Part of ContactCentre.

#include <boost/json.hpp>
#include <cassert>

#include "server/domain/contact_centre.hpp"

namespace kefu {
namespace json = boost::json;

namespace {

constexpr int kRecentConversations = 20;

}  // namespace

void ContactCentre::connect_customer(const ParticipantPtr& p, const CustomerParty& who) {
  if (customer_ended(who.customer_id)) {
    p->close(CloseCause::session_ended);  // erased while the socket was being opened
    return;
  }
  switchboard_.plug(Connection{p, false, who.customer_id, who.visitor_id, 0, false});
  json::array list;
  for (auto& record :
       store_.recent_conversations_of_customer(who.customer_id, kRecentConversations)) {
    auto live = conversations_.find(record.id);
    if (live != conversations_.end()) {
      live->second.abandon_at.reset();
      record = live->second.record;
    }
    list.push_back(outbound::conversation_object(record, names_of(record)));
  }
  p->deliver(outbound::frame_of(json::object{{"type", "welcome"},
                                             {"role", "customer"},
                                             {"visitor_id", who.visitor_id},
                                             {"server_time", clock_.now_ms()},
                                             {"conversations", std::move(list)}}));
  // A customer back in the queue hears their place again.
  for (auto& [id, c] : conversations_) {
    if (c.record.customer_id != who.customer_id || c.record.status != "queued") continue;
    if (auto it = last_place_.find(id); it != last_place_.end()) p->deliver(it->second);
  }
  apply_routing();
}

void ContactCentre::connect_staff(const ParticipantPtr& p, const StaffParty& who) {
  const std::int64_t id = who.user.id;
  Connection& connection = switchboard_.plug(Connection{
      p, true, id, who.session_hash, who.session_expires_at, who.user.role != store::Role::agent});
  json::array list;
  std::string status = "online";
  if (who.user.role == store::Role::agent) {
    Agent* a = agent(id);
    assert(a != nullptr);
    a->user = who.user;
    ++a->sockets;
    const bool within_grace = a->routed && engine_.agent_reconnected(id, clock_.now_ms());
    route_agent(*a);
    if (!within_grace || a->status == AgentStatus::offline) {
      set_status(connection, AgentStatus::online, "connect");
    }
    status = std::string(to_string(a->status));
  }
  // A supervisor's list holds what they took over.
  for (auto& [cid, c] : conversations_) {
    if (c.record.agent_id == id && is_open_for_agent(c.record)) {
      list.push_back(outbound::conversation_object(c.record, names_of(c.record)));
    }
  }
  p->deliver(outbound::frame_of(json::object{
      {"type", "welcome"},
      {"role", store::to_string(who.user.role)},
      {"server_time", clock_.now_ms()},
      {"user", json::object{{"id", id},
                            {"login", who.user.login},
                            {"name", who.user.display_name},
                            {"role", store::to_string(who.user.role)}}},
      {"status", status},
      {"queues",
       json::array{json::value(settings_.chat_queue), json::value(settings_.ticket_queue)}},
      {"conversations", std::move(list)}}));
  apply_routing();
}

void ContactCentre::disconnect(const Participant* p) {
  const Connection* found = switchboard_.find(p);
  if (found == nullptr) return;
  const Connection c = *found;
  switchboard_.unplug(p);
  const std::int64_t now = clock_.now_ms();
  if (c.staff) {
    if (c.supervises) stop_monitoring(p);
    auto a = agents_.find(c.id);
    if (a != agents_.end() && --a->second.sockets == 0 && a->second.routed) {
      engine_.agent_disconnected(c.id, now);
      apply_routing();
    }
    return;
  }
  if (switchboard_.customer_connected(c.id)) return;
  for (auto& [id, conv] : conversations_) {
    if (conv.record.customer_id == c.id && conv.record.status == "queued") {
      conv.abandon_at = now + settings_.abandon_grace_ms;
    }
  }
}

void ContactCentre::announce_conversation(const Conversation& c) {
  const auto frame = outbound::conversation(c.record, names_of(c.record));
  send_to_customer(c.record.customer_id, frame);
  if (c.record.agent_id) send_to_agent(*c.record.agent_id, frame);
  send_to_monitors(c, frame);
}

void ContactCentre::send_to_customer(std::int64_t customer_id, const outbound::Frame& frame,
                                     const Participant* except) {
  switchboard_.send_to_customer(customer_id, frame, except);
}

void ContactCentre::send_to_agent(std::int64_t agent_id, const outbound::Frame& frame,
                                  const Participant* except) {
  switchboard_.send_to_staff(agent_id, frame, except);
}

std::vector<std::pair<std::int64_t, std::int64_t>> ContactCentre::agents_serving(
    std::int64_t customer_id) const {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (const auto& [id, c] : conversations_) {
    if (c.record.customer_id == customer_id && c.record.agent_id && is_open_for_agent(c.record)) {
      out.emplace_back(id, *c.record.agent_id);
    }
  }
  return out;
}

void ContactCentre::send_to_supervisors(const outbound::Frame& frame) {
  switchboard_.send_to_supervisors(frame);
}

void ContactCentre::end_staff_session(const std::string& session_hash) {
  switchboard_.each([&](const Connection& c) {
    if (c.staff && c.session_hash == session_hash) c.participant->close(CloseCause::session_ended);
  });
}

void ContactCentre::end_visitor_session(const std::string& visitor_id) {
  if (visitor_id.empty()) return;
  switchboard_.each([&](const Connection& c) {
    if (!c.staff && c.session_hash == visitor_id) c.participant->close(CloseCause::session_ended);
  });
}

void ContactCentre::shut_down(CloseCause cause) {
  switchboard_.each([cause](const Connection& c) { c.participant->close(cause); });
}

}  // namespace kefu
