#pragma once

#include <stdexcept>
#include <string>

namespace kefu::config {

// An imported configuration the rules refuse; nothing was changed. `code` and what() are the
// typed error and message the REST gives for the same item (admin routing setup, canned replies,
// quality settings, care rules); `where` names the item ("queues[2]", "kefu_config").
class ConfigRefused : public std::invalid_argument {
 public:
  ConfigRefused(std::string error_code, const std::string& message, std::string at)
      : std::invalid_argument(message), code(std::move(error_code)), where(std::move(at)) {}
  std::string code;
  std::string where;
};

}  // namespace kefu::config
