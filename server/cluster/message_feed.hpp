#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "server/cluster/wake_up.hpp"

namespace kefu::cluster {

// Where a node reads back the messages other nodes stored: the shared database, the truth that
// wake-ups only point at.
class MessageFeed {
 public:
  virtual ~MessageFeed() = default;

  // The messages of each (conversation, seq) pair's conversation with a seq above the pair's,
  // ordered by conversation then seq, at most `limit` of them (the first ones in that order).
  // Throws std::runtime_error when the database cannot be read.
  virtual std::vector<StoredMessage> after(
      const std::vector<std::pair<std::int64_t, std::int64_t>>& positions, int limit) = 0;
};

}  // namespace kefu::cluster
