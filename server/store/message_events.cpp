#include "server/store/message_events.hpp"

#include <algorithm>

namespace kefu::store {

bool is_message_event(std::string_view type) {
  return std::find(kMessageEventTypes.begin(), kMessageEventTypes.end(), type) !=
         kMessageEventTypes.end();
}

}  // namespace kefu::store
