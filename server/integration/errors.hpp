#pragma once

#include <stdexcept>
#include <string>

namespace kefu::integration {

// A request to create an API key that is refused (an HTTP edge answers 400 with `code`).
// Nothing was stored.
class InvalidApiKeyRequest : public std::runtime_error {
 public:
  InvalidApiKeyRequest(std::string code, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)) {}
  // The typed error: bad_request, bad_name, no_scopes, unknown_scope, duplicate_scope, bad_rate.
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

}  // namespace kefu::integration
