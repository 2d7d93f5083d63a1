#include "server/cluster/catch_up_poller.hpp"

#include <stdexcept>

namespace kefu::cluster {
namespace {

// Messages read per query; a full page is followed by another read at once.
constexpr int kPage = 500;

}  // namespace

CatchUpPoller::CatchUpPoller(boost::asio::any_io_executor executor, MessageFeed& feed,
                             std::chrono::milliseconds interval, Deliver deliver)
    : feed_(feed), interval_(interval), deliver_(std::move(deliver)), timer_(std::move(executor)) {}

void CatchUpPoller::start() {
  running_ = true;
  schedule();
}

void CatchUpPoller::stop() {
  running_ = false;
  timer_.cancel();
}

void CatchUpPoller::follow(std::int64_t conversation, std::int64_t last_seq) {
  follower_.follow(conversation, last_seq);
}

void CatchUpPoller::unfollow(std::int64_t conversation) {
  follower_.unfollow(conversation);
}

void CatchUpPoller::wake(const WakeUp& wake) {
  if (follower_.heard(wake)) read({follower_.position(wake.conversation)});
}

void CatchUpPoller::schedule() {
  if (!running_) return;
  timer_.expires_after(interval_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || !running_) return;
    read(follower_.positions());
    schedule();
  });
}

void CatchUpPoller::read(std::vector<ConversationFollower::Position> positions) {
  while (!positions.empty()) {
    std::vector<StoredMessage> page;
    try {
      page = feed_.after(positions, kPage);
    } catch (const std::runtime_error& e) {
      // The database is unreachable: nothing is delivered, and the next poll tries again from
      // the same seqs (nothing is lost, only late).
      ++failed_reads_;
      last_error_ = e.what();
      return;
    }
    const bool full = static_cast<int>(page.size()) == kPage;
    for (const auto& message : follower_.accept(std::move(page))) deliver_(message);
    if (!full) return;
    for (auto& p : positions) p.second = follower_.delivered(p.first);
  }
}

}  // namespace kefu::cluster
