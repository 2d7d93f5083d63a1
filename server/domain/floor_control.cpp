// Running the floor from the supervisor screen: every agent's status, load and capacity, and a
// supervisor setting an agent's status with a reason (docs/protocol.md, "Supervision"). Part
// of ContactCentre, kept apart from the message path.

#include <boost/json.hpp>

#include "server/domain/contact_centre.hpp"

namespace kefu {
namespace json = boost::json;

json::array ContactCentre::floor() {
  struct Load {
    std::int64_t chats = 0, tickets = 0;
  };
  std::unordered_map<std::int64_t, Load> loads;
  for (const auto& [id, c] : conversations_) {
    if (c.record.status != "assigned" || !c.record.agent_id) continue;
    auto& load = loads[*c.record.agent_id];
    ++(c.record.channel == "chat" ? load.chats : load.tickets);  // e-mail takes a ticket's place
  }
  std::vector<const Agent*> agents;
  for (const auto& [id, a] : agents_) {
    if (a.user.role == store::Role::agent) agents.push_back(&a);
  }
  std::sort(agents.begin(), agents.end(),
            [](const Agent* a, const Agent* b) { return a->user.id < b->user.id; });
  json::array out;
  for (const Agent* a : agents) {
    const Load load = loads[a->user.id];
    out.push_back(json::object{
        {"id", a->user.id},
        {"name", a->user.display_name},
        {"status", to_string(a->status)},
        {"status_since", a->status_since > 0 ? json::value(a->status_since) : json::value()},
        {"connected", a->sockets > 0},
        {"open_chats", load.chats},
        {"chat_capacity", a->user.chat_capacity},
        {"open_tickets", load.tickets},
        {"ticket_capacity", a->user.ticket_capacity}});
  }
  return out;
}

void ContactCentre::set_agent_status(const ParticipantPtr& p, const Connection& c,
                                     const SetAgentStatus& s) {
  if (!c.supervises) {
    p->deliver(outbound::error("forbidden", s.client_id, "only supervisors set an agent's status"));
    return;
  }
  Agent* target = agent(s.agent_id);
  if (target == nullptr || target->user.role != store::Role::agent) {
    p->deliver(outbound::error("not_found", s.client_id, "no such agent"));
    return;
  }
  std::string supervisor_name;
  if (Agent* me = agent(c.id)) supervisor_name = me->user.display_name;
  change_status(s.agent_id, s.status,
                json::object{{"by", "supervisor"}, {"supervisor_id", c.id}, {"reason", s.reason}});
  // The agent's console shows this as a notice in its own language.
  send_to_agent(s.agent_id, outbound::frame_of(json::object{
                                {"type", "status_set"},
                                {"status", to_string(s.status)},
                                {"reason", s.reason},
                                {"by", json::object{{"id", c.id}, {"name", supervisor_name}}}}));
  p->deliver(outbound::ack(s.client_id, std::nullopt, std::nullopt, clock_.now_ms()));
}

}  // namespace kefu
