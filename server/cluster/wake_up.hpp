#pragma once

#include <cstdint>
#include <string>

namespace kefu::cluster {

// "Conversation `conversation` has a message with seq `seq` stored (committed)": what one node
// tells the others so that the node holding a socket on the conversation reads it at once.
struct WakeUp {
  std::int64_t conversation = 0;
  std::int64_t seq = 0;
};

// A message as a node relays it to the sockets it holds, read back from the shared database.
struct StoredMessage {
  std::int64_t conversation = 0;
  std::int64_t seq = 0;
  std::string author_kind;  // customer, agent, system
  std::int64_t author_id = 0;
  std::string body;
  std::int64_t created_at = 0;  // ms since the epoch
};

}  // namespace kefu::cluster
