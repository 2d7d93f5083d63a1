#include "server/admin/team_definition.hpp"

#include <boost/json.hpp>

namespace kefu::admin {

boost::json::object team_json(const TeamDefinition& team) {
  boost::json::array members;
  for (const auto id : team.members) members.emplace_back(id);
  return boost::json::object{{"name", team.name}, {"members", std::move(members)}};
}

}  // namespace kefu::admin
