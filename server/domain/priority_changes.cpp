// A conversation's priority (conversation_priority.hpp): decided by the desk when it is queued,
// set by a supervisor (the set_priority command) or by a care rule (set_priority action). The
// priority chooses the SLA policy every judge of time reads; a change is logged as
// `conversation_priority_changed`. Part of ContactCentre.

#include <boost/json.hpp>

#include "server/domain/contact_centre.hpp"
#include "server/domain/conversation_priority.hpp"

namespace kefu {
namespace json = boost::json;

std::string ContactCentre::priority_of(const store::ConversationRecord& r,
                                       routing::Segment segment) const {
  PriorityGrounds grounds;
  if (!r.priority_by.empty()) grounds.set = r.priority;
  grounds.customer_segment = segment;
  if (auto q = queue_configs_.find(r.queue); q != queue_configs_.end()) {
    grounds.queue_segment = q->second.segment;
  }
  return decide_priority(grounds);
}

void ContactCentre::set_priority(const ParticipantPtr& p, const Connection& c,
                                 const SetPriority& s) {
  if (!c.supervises) {
    p->deliver(outbound::error("forbidden", s.client_id, "only supervisors set a priority"));
    return;
  }
  auto it = conversations_.find(s.conversation_id);
  if (it == conversations_.end()) {
    p->deliver(outbound::error("not_found", s.client_id, "no such conversation"));
    return;
  }
  const auto& r = it->second.record;
  if (r.status != "queued" && r.status != "assigned") {
    p->deliver(outbound::error("conflict", s.client_id,
                               "only a waiting or assigned conversation has a priority to set"));
    return;
  }
  if (!is_conversation_priority(s.priority)) {
    p->deliver(
        outbound::error("unknown_priority", s.client_id, "a priority is vip, at_risk or normal"));
    return;
  }
  change_priority(it->second, s.priority, "supervisor", json::object{{"staff_id", c.id}}, p,
                  s.client_id);
}

void ContactCentre::reprioritise(std::int64_t conversation_id, const std::string& priority) {
  // A waiting conversation moves up or down its queue at once (routing: Conversation::priority).
  if (!engine_.conversation(conversation_id)) return;
  engine_.set_priority(conversation_id, routing_priority(priority));
  apply_routing();
}

bool ContactCentre::prioritise_by_rule(std::int64_t conversation_id, const std::string& priority,
                                       std::int64_t rule_id) {
  auto it = conversations_.find(conversation_id);
  if (it == conversations_.end() || !is_conversation_priority(priority)) return false;
  const auto& status = it->second.record.status;
  if (status != "queued" && status != "assigned") return false;
  change_priority(it->second, priority, "rule", json::object{{"rule_id", rule_id}}, nullptr,
                  std::nullopt);
  return true;
}

void ContactCentre::change_priority(Conversation& conv, const std::string& priority,
                                    const std::string& by, json::object who, ParticipantPtr p,
                                    std::optional<std::string> ref) {
  auto& r = conv.record;
  const std::string before = r.priority, before_by = r.priority_by;
  r.priority = priority;
  r.priority_by = by;
  reprioritise(r.id, priority);
  json::object data{{"priority", priority}, {"from", before}, {"by", by}};
  for (const auto& field : who) data[field.key()] = field.value();
  store::WriteBatch batch;
  batch.mutations.push_back(store::UpsertConversation{r});
  batch.mutations.push_back(store::AppendEvent{
      event("conversation_priority_changed", r, r.agent_id, json::serialize(data))});
  const std::int64_t id = r.id;
  write(
      std::move(batch),
      [this, id, p, ref](const store::WriteResult&) {
        auto found = conversations_.find(id);
        if (found == conversations_.end()) return;
        const auto& rec = found->second.record;
        const auto frame = outbound::frame_of(json::object{{"type", "conversation_priority"},
                                                           {"conversation_id", id},
                                                           {"priority", rec.priority},
                                                           {"priority_by", rec.priority_by}});
        if (rec.agent_id) send_to_agent(*rec.agent_id, frame);
        send_to_supervisors(frame);
        if (p && ref) p->deliver(outbound::ack(*ref, id, std::nullopt, clock_.now_ms()));
      },
      [this, id, before, before_by] {
        auto found = conversations_.find(id);
        if (found == conversations_.end()) return;
        found->second.record.priority = before;
        found->second.record.priority_by = before_by;
        reprioritise(id, before);
      },
      p, ref);
}

}  // namespace kefu
