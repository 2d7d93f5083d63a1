#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace kefu::load {

// When a chaos client's run is over, asked again and again (ChaosCustomer, ChaosAgent): once
// the test has said stop, as soon as nothing it sent is still owed an ack, or 30 s later. A
// message never acknowledged is not a loss (the checker holds the server only to its acks), but
// a run that cannot finish is: giving up says so in `problems`, naming `who`.
class RunEnd {
 public:
  bool reached(bool stop, std::size_t owed, const std::string& who,
               std::vector<std::string>& problems) {
    if (!stop || gave_up_) return gave_up_;
    if (owed == 0) return true;
    const auto now = std::chrono::steady_clock::now();
    if (stopped_at_ == std::chrono::steady_clock::time_point{}) stopped_at_ = now;
    if (now - stopped_at_ > std::chrono::seconds(30)) {
      problems.push_back(who + ": " + std::to_string(owed) +
                         " messages still without an ack 30 s after the end");
      gave_up_ = true;
    }
    return gave_up_;
  }

 private:
  std::chrono::steady_clock::time_point stopped_at_{};
  bool gave_up_ = false;
};

}  // namespace kefu::load
