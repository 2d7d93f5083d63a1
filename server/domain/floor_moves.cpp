// Moving work on the floor from the supervisor screen: every chat waiting in a queue moved at
// once to another queue or to an agent, and the agents told, in a frame their console words in
// its own language, what a supervisor did with their conversations (docs/protocol.md,
// "Supervision"). Part of ContactCentre, kept apart from the message path.

#include <algorithm>
#include <boost/json.hpp>

#include "server/domain/contact_centre.hpp"

namespace kefu {
namespace json = boost::json;

void ContactCentre::tell_reassigned(std::int64_t agent_id, std::int64_t by,
                                    const std::vector<std::int64_t>& conversations,
                                    std::optional<std::int64_t> to_agent,
                                    const std::string& to_queue) {
  json::array moved;
  for (std::int64_t id : conversations) {
    auto it = conversations_.find(id);
    const std::string customer =
        it == conversations_.end() ? std::string() : customer_name(it->second.record.customer_id);
    moved.push_back(json::object{{"id", id}, {"customer", customer}});
  }
  json::object to;
  if (to_agent) {
    to["agent"] = json::object{{"id", *to_agent}, {"name", staff_name(*to_agent)}};
  } else {
    to["queue"] = to_queue;
  }
  send_to_agent(agent_id, outbound::frame_of(json::object{
                              {"type", "reassigned"},
                              {"conversations", std::move(moved)},
                              {"to", std::move(to)},
                              {"by", json::object{{"id", by}, {"name", staff_name(by)}}}}));
}

void ContactCentre::move_waiting(const ParticipantPtr& p, const Connection& c,
                                 const MoveWaiting& m) {
  if (!c.supervises) {
    p->deliver(outbound::error("forbidden", m.client_id, "only supervisors move a queue's chats"));
    return;
  }
  if (m.to_agent) {
    Agent* target = agent(*m.to_agent);
    if (target == nullptr || target->user.role != store::Role::agent) {
      p->deliver(outbound::error("not_found", m.client_id, "no such agent"));
      return;
    }
  } else if (m.to_queue == m.from_queue) {
    p->deliver(outbound::error("conflict", m.client_id, "the chats are already in that queue"));
    return;
  }
  // The queue's waiting chats, oldest first (the order the queue would serve them).
  std::vector<std::pair<std::int64_t, std::int64_t>> waiting;
  for (const auto& [id, conv] : conversations_) {
    if (conv.record.status == "queued" && conv.record.queue == m.from_queue &&
        conv.record.channel == "chat") {
      waiting.emplace_back(conv.record.queued_at, id);
    }
  }
  std::sort(waiting.begin(), waiting.end());
  const auto target =
      m.to_agent ? routing::Target::to_agent(*m.to_agent) : routing::Target::to_queue(m.to_queue);
  std::vector<std::int64_t> moved;
  std::vector<std::int64_t> kept;
  std::string refusal;
  for (const auto& [since, id] : waiting) {
    if (!refusal.empty()) {
      kept.push_back(id);
      continue;
    }
    try {
      engine_.move(id, target, clock_.now_ms());
      moved.push_back(id);
    } catch (const routing::RoutingError& refused) {
      refusal = refused.what();
      kept.push_back(id);
    }
  }
  if (moved.empty() && !refusal.empty()) {
    // Nothing could move (an unknown queue, an agent offline or full): nothing changed.
    p->deliver(outbound::error("conflict", m.client_id, refusal));
    return;
  }
  apply_routing();
  if (m.to_agent && !moved.empty()) {
    tell_reassigned(*m.to_agent, c.id, moved, m.to_agent, m.to_queue);
  }
  json::array moved_ids(moved.begin(), moved.end());
  json::array kept_ids(kept.begin(), kept.end());
  p->deliver(outbound::frame_of(json::object{{"type", "waiting_moved"},
                                             {"ref", m.client_id},
                                             {"from_queue", m.from_queue},
                                             {"moved", std::move(moved_ids)},
                                             {"kept", std::move(kept_ids)}}));
  p->deliver(outbound::ack(m.client_id, std::nullopt, std::nullopt, clock_.now_ms()));
}

}  // namespace kefu
