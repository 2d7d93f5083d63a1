#include "server/workspace/canned_reply_text.hpp"

#include <algorithm>
#include <optional>

namespace kefu::workspace {
namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_';
}

// The variable name of a `{name}` starting at `at` (where body[at] == '{'), or nullopt.
std::optional<std::string_view> variable_at(std::string_view body, std::size_t at) {
  std::size_t end = at + 1;
  while (end < body.size() && name_char(body[end])) ++end;
  if (end == at + 1 || end >= body.size() || body[end] != '}') return std::nullopt;
  return body.substr(at + 1, end - at - 1);
}

bool known(std::string_view name) {
  const auto& all = canned_reply_variables();
  return std::find(all.begin(), all.end(), name) != all.end();
}

}  // namespace

const std::vector<std::string>& canned_reply_variables() {
  static const std::vector<std::string> variables = {"customer.name", "order.last.number",
                                                     "agent.name"};
  return variables;
}

std::string unknown_variable(std::string_view body) {
  for (std::size_t at = body.find('{'); at != std::string_view::npos; at = body.find('{', at + 1)) {
    if (auto name = variable_at(body, at); name && !known(*name)) return std::string(*name);
  }
  return {};
}

FilledReply fill_variables(std::string_view body,
                           const std::map<std::string, std::string>& values) {
  FilledReply filled;
  std::size_t at = 0;
  while (at < body.size()) {
    const std::size_t open = body.find('{', at);
    if (open == std::string_view::npos) {
      filled.text.append(body.substr(at));
      break;
    }
    filled.text.append(body.substr(at, open - at));
    auto name = variable_at(body, open);
    if (!name || !known(*name)) {
      filled.text += '{';
      at = open + 1;
      continue;
    }
    auto value = values.find(std::string(*name));
    if (value == values.end() || value->second.empty()) {
      if (std::find(filled.missing.begin(), filled.missing.end(), *name) == filled.missing.end())
        filled.missing.emplace_back(*name);
    } else {
      filled.text += value->second;
    }
    at = open + name->size() + 2;
  }
  return filled;
}

}  // namespace kefu::workspace
