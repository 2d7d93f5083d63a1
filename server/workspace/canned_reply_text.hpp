#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kefu::workspace {

// The variables a canned reply may hold: {customer.name}, {order.last.number}, {agent.name}.
const std::vector<std::string>& canned_reply_variables();

// The first `{name}` in `body` whose name is not one of canned_reply_variables(), or "" when
// every variable is known. A `{` not followed by a name of letters, digits, `.` and `_` and a
// `}` is plain text.
std::string unknown_variable(std::string_view body);

// What filling a reply's variables gave: the text, and the variables that had no value (left
// empty in the text, so the agent knows to fill them in by hand).
struct FilledReply {
  std::string text;
  std::vector<std::string> missing;
};

// Replaces each known `{name}` in `body` by `values[name]` in one pass: a value is inserted as
// it is and never read again for variables, so a customer named "{agent.name}" stays so.
FilledReply fill_variables(std::string_view body, const std::map<std::string, std::string>& values);

}  // namespace kefu::workspace
