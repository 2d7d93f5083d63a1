// The colleagues an agent transfers a conversation to (GET /api/agents): part of
// ContactCentre, kept apart from the message path.

#include <algorithm>
#include <boost/json.hpp>
#include <tuple>

#include "server/domain/contact_centre.hpp"

namespace kefu {
namespace json = boost::json;

json::array ContactCentre::colleagues() {
  std::vector<const Agent*> known;
  for (const auto& [id, a] : agents_) {
    if (a.user.role == store::Role::agent) known.push_back(&a);
  }
  std::sort(known.begin(), known.end(), [](const Agent* x, const Agent* y) {
    return std::tie(x->user.display_name, x->user.id) < std::tie(y->user.display_name, y->user.id);
  });
  json::array list;
  for (const Agent* a : known) {
    // An agent the engine never saw (not connected since the start) holds nothing.
    const auto view = a->routed ? engine_.agent(a->user.id) : routing::RoutingEngine::AgentView{};
    const auto profile = profile_of(a->user);
    list.push_back(json::object{
        {"id", a->user.id},
        {"name", a->user.display_name},
        {"status", std::string(to_string(a->status))},
        {"load", json::object{{"chat", view.chat_load}, {"ticket", view.ticket_load}}},
        {"capacity",
         json::object{{"chat", profile.chat_capacity}, {"ticket", profile.ticket_capacity}}}});
  }
  return list;
}

}  // namespace kefu
