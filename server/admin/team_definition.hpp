#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace kefu::admin {

// A team as the admin configures it: a name and its members (staff ids). Each member's skills,
// levels, languages and capacities are their own (the staff profile, /api/admin/staff).
struct TeamDefinition {
  std::string name;
  std::vector<std::int64_t> members;  // ascending
};

boost::json::object team_json(const TeamDefinition& team);

}  // namespace kefu::admin
