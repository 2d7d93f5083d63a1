// The follower's bookkeeping without a database: each seq handed on once, in order, whatever
// order and overlap the reads and wake-ups come in.
#include "server/cluster/conversation_follower.hpp"

#include <catch2/catch.hpp>

using kefu::cluster::ConversationFollower;
using kefu::cluster::StoredMessage;
using kefu::cluster::WakeUp;

namespace {

StoredMessage message(std::int64_t conversation, std::int64_t seq) {
  return StoredMessage{conversation, seq, "customer", 1, "m" + std::to_string(seq), 1000};
}

std::vector<std::int64_t> seqs(const std::vector<StoredMessage>& messages) {
  std::vector<std::int64_t> out;
  for (const auto& m : messages) out.push_back(m.seq);
  return out;
}

}  // namespace

TEST_CASE("a follower hands each seq on once and in order, across overlapping reads") {
  ConversationFollower f;
  f.follow(7, 2);  // the sockets already have 1 and 2
  CHECK(seqs(f.accept({message(7, 2), message(7, 3), message(7, 4)})) ==
        std::vector<std::int64_t>{3, 4});
  // An overlapping read, out of order, and one beyond a gap: only 5 is next.
  CHECK(seqs(f.accept({message(7, 7), message(7, 5), message(7, 4)})) ==
        std::vector<std::int64_t>{5});
  CHECK(f.delivered(7) == 5);
  CHECK(seqs(f.accept({message(7, 6), message(7, 7)})) == std::vector<std::int64_t>{6, 7});
  // Another conversation's messages, not followed, are not handed on.
  CHECK(f.accept({message(8, 1)}).empty());
  CHECK(f.positions() == std::vector<ConversationFollower::Position>{{7, 7}});
}

TEST_CASE("a wake-up is worth a read only beyond what was delivered in a followed conversation") {
  ConversationFollower f;
  f.follow(1, 0);
  CHECK(f.heard(WakeUp{1, 3}));
  CHECK_FALSE(f.heard(WakeUp{2, 3}));  // not followed
  f.accept({message(1, 1), message(1, 2), message(1, 3)});
  CHECK_FALSE(f.heard(WakeUp{1, 2}));  // late
  CHECK_FALSE(f.heard(WakeUp{1, 3}));  // repeated
  f.follow(1, 1);                      // following again keeps the further position
  CHECK(f.delivered(1) == 3);
  f.unfollow(1);
  CHECK_FALSE(f.following(1));
  CHECK(f.accept({message(1, 4)}).empty());
}
