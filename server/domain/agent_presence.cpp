// An agent's presence on the desk: their status (online, away, offline), logged when it
// changes and followed by routing, and their profile (skills, languages, teams, capacities) as
// the routing engine knows it. Part of ContactCentre.

#include <algorithm>
#include <boost/json.hpp>

#include "server/domain/contact_centre.hpp"

namespace kefu {
namespace json = boost::json;

void ContactCentre::set_status(const Connection& c, AgentStatus status, const std::string& by) {
  change_status(c.id, status, json::object{{"by", by}});
}

void ContactCentre::change_status(std::int64_t agent_id, AgentStatus status, json::object data) {
  Agent* a = agent(agent_id);
  if (a == nullptr) return;
  const AgentStatus before = a->status;
  a->status = status;
  if (before != status) {
    a->status_since = clock_.now_ms();
    Event e;
    e.at = a->status_since;
    e.type = "agent_status_changed";
    e.agent_id = agent_id;
    json::object logged{{"status", to_string(status)}};
    for (auto& [key, value] : data) logged[key] = std::move(value);
    e.data = json::serialize(logged);
    write_event(std::move(e));
  }
  send_to_agent(agent_id, outbound::agent_status(status));
  if (a->routed) {
    const auto routed_status = status == AgentStatus::online ? routing::AgentStatus::online
                               : status == AgentStatus::away ? routing::AgentStatus::away
                                                             : routing::AgentStatus::offline;
    engine_.set_status(agent_id, routed_status, clock_.now_ms());
    apply_routing();
  }
}

routing::AgentProfile ContactCentre::profile_of(const store::UserRecord& user) const {
  routing::AgentProfile profile;
  profile.id = user.id;
  profile.skills.push_back({"general", 1});
  for (const auto& [skill, level] : user.skills) {
    if (skill != "general") profile.skills.push_back({skill, std::clamp(level * 2, 1, 10)});
  }
  profile.languages = user.languages;
  profile.teams = user.teams;
  profile.chat_capacity = std::clamp(user.chat_capacity, 0, 1000);
  profile.ticket_capacity = std::clamp(user.ticket_capacity, 0, 1000);
  return profile;
}

void ContactCentre::route_agent(Agent& a) {
  if (a.user.role != store::Role::agent) return;
  engine_.update_agent(profile_of(a.user), clock_.now_ms());
  a.routed = true;
}

}  // namespace kefu
