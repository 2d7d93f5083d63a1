#pragma once

#include <stdexcept>

namespace kefu::workspace {

// The conversation named does not exist (404 at the edge).
class ConversationNotFound : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace kefu::workspace
