#include "server/domain/conversation_priority.hpp"

#include <algorithm>

#include "server/metrics/sla_clock.hpp"

namespace kefu {

const std::vector<std::string>& conversation_priorities() {
  return metrics::priority_names();
}

bool is_conversation_priority(std::string_view priority) {
  return std::ranges::find(conversation_priorities(), priority) != conversation_priorities().end();
}

std::string decide_priority(const PriorityGrounds& grounds) {
  if (!grounds.set.empty()) return grounds.set;
  if (grounds.customer_segment == routing::Segment::vip ||
      grounds.queue_segment == routing::Segment::vip) {
    return "vip";
  }
  if (grounds.customer_segment == routing::Segment::at_risk) return "at_risk";
  return "normal";
}

int routing_priority(std::string_view priority) {
  if (priority == "vip") return routing::priority_of(routing::Segment::vip);
  if (priority == "at_risk") return routing::priority_of(routing::Segment::at_risk);
  return routing::priority_of(routing::Segment::active);
}

}  // namespace kefu
