#pragma once

#include <stdexcept>
#include <string>

namespace kefu::admin {

// Input the routing setup's rules refuse (teams, queues, hours, SLA policies, an imported
// configuration); `code` is the typed error of the 400 answer (docs/protocol.md, "Admin:
// routing setup"). Thrown before anything changed.
class SetupInputError : public std::invalid_argument {
 public:
  SetupInputError(std::string error_code, const std::string& message)
      : std::invalid_argument(message), code(std::move(error_code)) {}
  std::string code;
};

// The team or queue a request names does not exist (404 not_found).
class SetupNotFound : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace kefu::admin
