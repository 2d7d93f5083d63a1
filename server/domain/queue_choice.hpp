#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/routing/model.hpp"

namespace kefu {

// Which queue a new conversation waits in. The admin's active queues on its channel compete:
// those for the customer's segment or for every segment, the highest priority first, then a
// segment's own queue before a general one, then by name. Without any, the desk's built-in
// queue for the channel. Plain data, used on the desk.
class QueueChoice {
 public:
  // Adds the queue or replaces the one with its name.
  void set(const routing::QueueConfig& queue);
  void remove(const std::string& name);
  // The chosen queue's name, or empty when no configured queue fits.
  std::string choose(routing::Channel channel, routing::Segment segment) const;

 private:
  struct Entry {
    std::string name;
    routing::Channel channel;
    std::optional<routing::Segment> segment;
    int priority;
  };
  std::vector<Entry> queues_;
};

}  // namespace kefu
