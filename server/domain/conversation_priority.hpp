#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/routing/model.hpp"

namespace kefu {

// The priorities a conversation can have, the ones an SLA policy can name
// (admin::sla_priorities(), docs/protocol.md "Admin: SLA policies"): "vip", "at_risk", "normal".
const std::vector<std::string>& conversation_priorities();
bool is_conversation_priority(std::string_view priority);

// What a conversation's priority is decided from when it is queued.
struct PriorityGrounds {
  // What a supervisor or a care rule set (ConversationRecord::priority when priority_by is not
  // empty): it is kept. "" when nobody set one.
  std::string set;
  // The segment the conversation's queue serves only (the queue's priority setting: a VIP
  // queue), if any.
  std::optional<routing::Segment> queue_segment;
  // The customer's segment.
  routing::Segment customer_segment = routing::Segment::new_customer;
};

// The conversation's priority: what a person or a rule set, when set; else "vip" for a VIP
// customer or a conversation in a VIP queue; else "at_risk" for a customer at risk of leaving;
// else "normal".
std::string decide_priority(const PriorityGrounds& grounds);

// The conversation's priority within its queue for routing (routing::Conversation::priority),
// on the segments' scale (routing::priority_of): vip as a VIP customer, at_risk as a customer
// at risk, normal (or anything else) as every other customer.
int routing_priority(std::string_view priority);

}  // namespace kefu
