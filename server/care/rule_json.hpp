#pragma once

#include <boost/json/object.hpp>
#include <stdexcept>
#include <string>

#include "server/care/rule.hpp"

namespace kefu::care {

// A rule an admin sent that cannot be stored: `code` is the typed error of the 400
// (unknown_field, invalid_name, invalid_trigger, invalid_delay, invalid_condition,
// invalid_action, invalid_cancel_event, invalid_caps, invalid_goal), what() names the field.
struct RuleInputError : std::invalid_argument {
  RuleInputError(std::string c, const std::string& message)
      : std::invalid_argument(message), code(std::move(c)) {}
  std::string code;
};

// Reads a rule from the admin's JSON (docs/protocol.md, "Admin: care rules"): every field is
// checked and an unknown one refused. Throws RuleInputError. The id, builtin and updated_at are
// not read from the body.
Rule rule_from_json(const boost::json::object& body);

// The rule as the admin API shows it (the same fields rule_from_json reads, plus id, builtin,
// updated_at).
boost::json::object rule_to_json(const Rule& rule);

}  // namespace kefu::care
