#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "server/cluster/conversation_follower.hpp"
#include "server/cluster/message_feed.hpp"

namespace kefu::cluster {

// What makes a node relay every message of the conversations it holds sockets on, exactly once
// and in seq order, whether or not the wake-ups reach it: a wake-up beyond the last delivered
// seq reads that conversation from the database at once, and every `interval` all followed
// conversations are read from their last delivered seq, so a wake-up lost (NATS down or
// restarting, a seq skipped) delays a message by one interval at most.
//
// Everything runs on `executor` (a strand, or an io_context run by one thread): follow(),
// wake() and the deliveries. The reads are synchronous on that executor, so give it to the
// relay alone, not to the sockets. The poller must outlive the handlers it has queued: call
// stop() and let the executor finish before destroying it.
class CatchUpPoller {
 public:
  using Deliver = std::function<void(const StoredMessage&)>;

  // Reads through `feed` (kept by reference) and hands each message to `deliver`.
  CatchUpPoller(boost::asio::any_io_executor executor, MessageFeed& feed,
                std::chrono::milliseconds interval, Deliver deliver);

  // Starts / stops the periodic poll.
  void start();
  void stop();

  // Follows `conversation` from `last_seq` (what the node's sockets already have).
  void follow(std::int64_t conversation, std::int64_t last_seq);
  void unfollow(std::int64_t conversation);

  // A wake-up from the bus: reads the conversation now if it is behind.
  void wake(const WakeUp& wake);

  // The last seq delivered in `conversation`.
  std::int64_t delivered(std::int64_t conversation) const {
    return follower_.delivered(conversation);
  }
  // How many reads failed (the database unreachable), and the last one's message.
  int failed_reads() const { return failed_reads_; }
  const std::string& last_error() const { return last_error_; }

 private:
  void schedule();
  void read(std::vector<ConversationFollower::Position> positions);

  MessageFeed& feed_;
  std::chrono::milliseconds interval_;
  Deliver deliver_;
  boost::asio::steady_timer timer_;
  ConversationFollower follower_;
  bool running_ = false;
  int failed_reads_ = 0;
  std::string last_error_;
};

}  // namespace kefu::cluster
