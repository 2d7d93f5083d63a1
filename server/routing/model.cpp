#include "server/routing/model.hpp"

#include "server/routing/decision.hpp"

namespace kefu::routing {

std::string_view to_string(Channel channel) {
  return channel == Channel::chat ? "chat" : "ticket";
}

std::string_view to_string(AgentStatus status) {
  switch (status) {
    case AgentStatus::online:
      return "online";
    case AgentStatus::away:
      return "away";
    case AgentStatus::offline:
      return "offline";
  }
  return "offline";
}

std::string_view to_string(Segment segment) {
  switch (segment) {
    case Segment::new_customer:
      return "new";
    case Segment::active:
      return "active";
    case Segment::vip:
      return "vip";
    case Segment::at_risk:
      return "at_risk";
    case Segment::lost:
      return "lost";
  }
  return "active";
}

Segment segment_from_string(std::string_view name) {
  for (Segment segment :
       {Segment::new_customer, Segment::active, Segment::vip, Segment::at_risk, Segment::lost})
    if (to_string(segment) == name) return segment;
  return Segment::new_customer;
}

int priority_of(Segment segment) {
  switch (segment) {
    case Segment::vip:
      return 3;
    case Segment::at_risk:
      return 2;
    case Segment::new_customer:
    case Segment::active:
    case Segment::lost:
      return 1;
  }
  return 1;
}

std::string_view to_string(DecisionKind kind) {
  switch (kind) {
    case DecisionKind::queued:
      return "queued";
    case DecisionKind::overflowed:
      return "overflowed";
    case DecisionKind::offered:
      return "offered";
    case DecisionKind::assigned:
      return "assigned";
    case DecisionKind::requeued:
      return "requeued";
    case DecisionKind::agent_offline:
      return "agent_offline";
  }
  return "queued";
}

}  // namespace kefu::routing
