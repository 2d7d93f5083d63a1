#pragma once

#include <chrono>
#include <cstdint>

namespace kefu {

// Where the domain reads the time: milliseconds since the Unix epoch, UTC, on the server.
// Tests substitute a clock they move by hand.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace kefu
