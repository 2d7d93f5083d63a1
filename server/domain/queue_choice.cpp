#include "server/domain/queue_choice.hpp"

#include <algorithm>
#include <tuple>

namespace kefu {

void QueueChoice::set(const routing::QueueConfig& queue) {
  remove(queue.name);
  queues_.push_back(Entry{queue.name, queue.channel, queue.segment, queue.priority});
}

void QueueChoice::remove(const std::string& name) {
  std::erase_if(queues_, [&](const Entry& e) { return e.name == name; });
}

std::string QueueChoice::choose(routing::Channel channel, routing::Segment segment) const {
  const Entry* best = nullptr;
  auto rank = [](const Entry& e) { return std::make_tuple(e.priority, e.segment.has_value()); };
  for (const Entry& e : queues_) {
    if (e.channel != channel || (e.segment && *e.segment != segment)) continue;
    if (!best || rank(e) > rank(*best) || (rank(e) == rank(*best) && e.name < best->name)) {
      best = &e;
    }
  }
  return best ? best->name : std::string();
}

}  // namespace kefu
