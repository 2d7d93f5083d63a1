#pragma once

#include <mutex>
#include <utility>
#include <vector>

namespace kefu::net {

// Items handed over from any thread to one consumer that takes them in bursts: the first item
// since the consumer's last take tells the caller to schedule one take (a handler posted to the
// consumer's strand), and the items added before it runs join that take. So a burst of items
// costs one handler, however many it has. Items are taken in the order they were added; both
// buffers keep their capacity from burst to burst. take() runs on the consumer's strand only.
template <class Item>
class BurstInbox {
 public:
  // Adds `item`; true when it is the first since the last take: schedule one take().
  bool add(Item item) {
    std::lock_guard lock(mutex_);
    waiting_.push_back(std::move(item));
    return waiting_.size() == 1;
  }

  // Calls `each(item)` for every item added since the last take, oldest first. Items added
  // meanwhile (by `each` too) wait for the next take.
  template <class Each>
  void take(Each&& each) {
    {
      std::lock_guard lock(mutex_);
      taken_.swap(waiting_);
    }
    for (Item& item : taken_) each(item);
    taken_.clear();
  }

 private:
  std::mutex mutex_;
  std::vector<Item> waiting_;
  std::vector<Item> taken_;  // on the consumer's strand only
};

}  // namespace kefu::net
