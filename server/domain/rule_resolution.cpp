// The desk's part of a rule's resolve_conversation and assign_queue actions (server/care): the
// conversation is resolved as an agent's resolve would, with the rule named in the event, or
// moved to the queue as a supervisor's move would.

#include <boost/json.hpp>

#include "server/domain/contact_centre.hpp"

namespace kefu {

bool ContactCentre::resolve_by_rule(std::int64_t conversation_id, std::int64_t rule_id) {
  auto it = conversations_.find(conversation_id);
  if (it == conversations_.end() || it->second.record.status != "assigned") return false;
  Conversation& conv = it->second;
  const std::int64_t now = clock_.now_ms();
  auto& r = conv.record;
  r.status = "resolved";
  r.resolved_at = r.updated_at = now;
  conv.last_agent_at = now;
  if (engine_.conversation(r.id)) engine_.conversation_ended(r.id, now);
  store::WriteBatch batch;
  batch.mutations.push_back(store::UpsertConversation{r});
  batch.mutations.push_back(store::AppendEvent{
      event("conversation_resolved", r, r.agent_id,
            boost::json::serialize(boost::json::object{{"by", "rule"}, {"rule_id", rule_id}}))});
  write(
      std::move(batch),
      [this, conversation_id](const store::WriteResult&) {
        auto found = conversations_.find(conversation_id);
        if (found != conversations_.end()) announce_conversation(found->second);
      },
      {}, nullptr, std::nullopt);
  apply_routing();
  return true;
}

bool ContactCentre::move_by_rule(std::int64_t conversation_id, const std::string& queue) {
  auto it = conversations_.find(conversation_id);
  if (it == conversations_.end() || it->second.record.status != "queued" ||
      it->second.record.queue == queue)
    return false;
  try {
    engine_.move(conversation_id, routing::Target::to_queue(queue), clock_.now_ms());
  } catch (const routing::RoutingError&) {
    return false;  // an unknown queue, or one of another channel: the conversation stays
  }
  apply_routing();
  return true;
}

}  // namespace kefu
