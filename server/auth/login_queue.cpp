#include "server/auth/login_queue.hpp"

namespace kefu::auth {

LoginQueue::LoginQueue(std::size_t per_address, std::size_t total,
                       std::function<void(std::function<void()>)> run_elsewhere)
    : per_address_(per_address), total_(total), run_elsewhere_(std::move(run_elsewhere)) {}

LoginQueue::Admission LoginQueue::submit(const std::string& address, std::function<void()> check) {
  {
    std::lock_guard lock(mutex_);
    auto found = addresses_.find(address);
    if (found != addresses_.end() && found->second.admitted >= per_address_) {
      return Admission::address_busy;
    }
    if (per_address_ == 0) return Admission::address_busy;
    if (admitted_ >= total_) return Admission::server_busy;
    Address& a = addresses_[address];
    a.waiting.push_back(std::move(check));
    ++a.admitted;
    ++admitted_;
    if (a.waiting.size() == 1) turns_.push_back(address);
  }
  // One run per admitted check; each run takes whichever check's turn it is.
  run_elsewhere_([this] { run_next(); });
  return Admission::admitted;
}

void LoginQueue::run_next() {
  std::string address;
  std::function<void()> check;
  {
    std::lock_guard lock(mutex_);
    address = std::move(turns_.front());
    turns_.pop_front();
    Address& a = addresses_.at(address);
    check = std::move(a.waiting.front());
    a.waiting.pop_front();
    if (!a.waiting.empty()) turns_.push_back(address);
  }
  struct Finish {
    LoginQueue& queue;
    const std::string& address;
    ~Finish() { queue.finished(address); }
  } finish{*this, address};
  check();
}

void LoginQueue::finished(const std::string& address) {
  std::lock_guard lock(mutex_);
  --admitted_;
  auto found = addresses_.find(address);
  if (--found->second.admitted == 0) addresses_.erase(found);
}

std::size_t LoginQueue::size() const {
  std::lock_guard lock(mutex_);
  return admitted_;
}

}  // namespace kefu::auth
