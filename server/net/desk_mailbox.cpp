#include "server/net/desk_mailbox.hpp"

#include <boost/asio/post.hpp>

namespace kefu::net {

DeskMailbox::DeskMailbox(boost::asio::strand<boost::asio::io_context::executor_type>& desk)
    : desk_(desk) {}

void DeskMailbox::post(std::function<void()> item) {
  {
    std::lock_guard lock(mutex_);
    waiting_.push_back(std::move(item));
    if (waiting_.size() > 1) return;  // run_all() is already on its way
  }
  boost::asio::post(desk_, [this] { run_all(); });
}

void DeskMailbox::run_all() {
  {
    std::lock_guard lock(mutex_);
    running_.swap(waiting_);  // both keep their capacity
  }
  for (auto& item : running_) item();
  running_.clear();
}

}  // namespace kefu::net
