#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "server/cluster/wake_up.hpp"

namespace kefu::cluster {

// Where a node stands in each conversation it relays: the last seq it delivered to its sockets,
// and the highest seq it has heard of. Given what it reads back from the database, it hands on
// each message exactly once and in seq order: only the message right after the last delivered
// one is taken, so a repeated read, a late wake-up or a read that overlaps another changes
// nothing. Seqs are gap-free and a message with seq n commits only after seq n-1 has, so a read
// of "after my last seq" never skips one. Plain C++, not thread-safe.
class ConversationFollower {
 public:
  // Where a read should start: the conversation and the last seq delivered.
  using Position = std::pair<std::int64_t, std::int64_t>;

  // Starts following `conversation`, whose messages up to `last_seq` the node's sockets have.
  // Following it again keeps the further position.
  void follow(std::int64_t conversation, std::int64_t last_seq);
  void unfollow(std::int64_t conversation);
  bool following(std::int64_t conversation) const;

  // Records a wake-up; true when it names a seq beyond what was delivered in a followed
  // conversation (then the conversation is worth reading now).
  bool heard(const WakeUp& wake);

  // Every followed conversation's position (for the periodic poll).
  std::vector<Position> positions() const;
  // The position of one followed conversation.
  Position position(std::int64_t conversation) const;

  // Takes messages read from the database (by conversation, then seq) and returns those to
  // deliver now, in order: each seq once, none of an unfollowed conversation.
  std::vector<StoredMessage> accept(std::vector<StoredMessage> read);

  // The last seq delivered in `conversation` (0 when none or not followed).
  std::int64_t delivered(std::int64_t conversation) const;

 private:
  struct Place {
    std::int64_t delivered = 0;
    std::int64_t heard = 0;
  };
  std::map<std::int64_t, Place> places_;
};

}  // namespace kefu::cluster
