// The desk's side of routing: a conversation is handed to the routing engine with its queue
// and priority, and each decision the engine takes (queued, overflowed, offered, assigned,
// requeued, an agent gone offline) is written with its event and announced once durable; waiting
// customers then hear their new place in line. Part of ContactCentre.

#include <boost/json.hpp>
#include <utility>

#include "server/domain/contact_centre.hpp"
#include "server/domain/conversation_priority.hpp"

namespace kefu {
namespace json = boost::json;
using store::WriteBatch;

void ContactCentre::enqueue(Conversation& c, const std::string& reason) {
  routing::Conversation ask;
  ask.id = c.record.id;
  const bool chat = c.record.channel == "chat";
  ask.channel = chat ? routing::Channel::chat : routing::Channel::ticket;
  ask.skill = "general";
  ask.arrival = c.record.queued_at;
  ask.last_agent = c.record.last_agent_id;
  ask.last_agent_at = c.last_agent_at;
  ask.held_until = std::exchange(c.held_until, std::nullopt);  // once, after a restart
  if (observers_.segment_of) {
    ask.segment = routing::segment_from_string(observers_.segment_of(c.record.customer_id));
  }
  ask.queue = queue_choice_.choose(ask.channel, ask.segment);
  if (ask.queue.empty()) ask.queue = chat ? settings_.chat_queue : settings_.ticket_queue;
  c.record.queue = ask.queue;
  c.record.priority = priority_of(c.record, ask.segment);
  ask.priority = routing_priority(c.record.priority);  // what a person or rule set counts
  if (!switchboard_.customer_connected(c.record.customer_id)) {
    c.abandon_at = clock_.now_ms() + settings_.abandon_grace_ms;
  }
  follow_opening_hours();  // an hours change counts from this decision
  engine_.enqueue(ask, clock_.now_ms(), reason);
}

void ContactCentre::apply_routing() {
  for (const auto& d : engine_.take_decisions()) apply(d);
  for (const auto& u : engine_.take_queue_updates(clock_.now_ms())) {
    auto it = conversations_.find(u.conversation);
    if (it == conversations_.end()) continue;
    const std::int64_t seconds = u.estimated_wait_ms ? (*u.estimated_wait_ms + 999) / 1000 : -1;
    auto frame = outbound::queue(u.conversation, u.position, seconds);
    if (u.position == 0) {
      last_place_.erase(u.conversation);
    } else {
      last_place_[u.conversation] = frame;
    }
    // Position 0 is announced with the assignment, once it is durable.
    if (u.position > 0) send_to_customer(it->second.record.customer_id, frame);
  }
}

void ContactCentre::apply(const routing::RoutingDecision& d) {
  const std::int64_t now = clock_.now_ms();
  if (d.kind == routing::DecisionKind::agent_offline) {
    if (auto a = agents_.find(d.agent.value_or(0)); a != agents_.end()) {
      a->second.status = AgentStatus::offline;
      a->second.status_since = now;
      Event e;
      e.at = now;
      e.type = "agent_status_changed";
      e.agent_id = a->first;
      e.data = R"({"status":"offline","by":"disconnect"})";
      write_event(std::move(e));
    }
    return;
  }
  auto it = conversations_.find(d.conversation);
  if (it == conversations_.end()) return;
  Conversation& c = it->second;
  auto& r = c.record;
  json::object data{{"reason", d.reason}};
  if (!r.priority.empty()) data["priority"] = r.priority;  // the SLA policy's priority
  WriteBatch batch;
  if (d.kind == routing::DecisionKind::queued) {
    batch.mutations.push_back(
        store::AppendEvent{event("conversation_queued", r, std::nullopt, json::serialize(data))});
  } else if (d.kind == routing::DecisionKind::overflowed) {
    batch.mutations.push_back(store::AppendEvent{event("conversation_overflowed", r)});
  } else if (d.kind == routing::DecisionKind::assigned ||
             d.kind == routing::DecisionKind::offered) {
    r.status = "assigned";
    r.agent_id = d.agent;
    r.last_agent_id = d.agent;
    r.queue = d.queue;
    r.updated_at = now;
    c.assigned_at = now;
    c.last_agent_at = now;
    c.abandon_at.reset();
    data["wait_ms"] = d.wait_ms;
    if (d.estimated_wait_ms) data["estimated_wait_ms"] = *d.estimated_wait_ms;
    batch.mutations.push_back(store::UpsertConversation{r});
    if (d.reason == "transfer" || d.reason == "manual") {
      json::object moved{{"from_agent", d.from_agent ? json::value(*d.from_agent) : json::value()},
                         {"to_agent", *d.agent},
                         {"to_queue", nullptr},
                         {"by", d.reason}};
      batch.mutations.push_back(store::AppendEvent{
          event("conversation_transferred", r, d.from_agent, json::serialize(moved))});
    }
    batch.mutations.push_back(
        store::AppendEvent{event("conversation_assigned", r, d.agent, json::serialize(data))});
  } else if (d.kind == routing::DecisionKind::requeued) {
    r.status = "queued";
    r.agent_id.reset();
    r.queue = d.queue;
    r.updated_at = now;
    if (d.reason == "agent_lost" || d.reason == "agent_away") {
      // Back to the head of the line with the original arrival time (the engine keeps it).
    } else {
      r.queued_at = now;
    }
    if (d.reason == "transfer" || d.reason == "manual") {
      json::object moved{{"from_agent", d.from_agent ? json::value(*d.from_agent) : json::value()},
                         {"to_agent", nullptr},
                         {"to_queue", d.queue},
                         {"by", d.reason}};
      batch.mutations.push_back(store::AppendEvent{
          event("conversation_transferred", r, d.from_agent, json::serialize(moved))});
    }
    batch.mutations.push_back(store::UpsertConversation{r});
    batch.mutations.push_back(
        store::AppendEvent{event("conversation_queued", r, d.from_agent, json::serialize(data))});
  }
  const std::int64_t id = r.id;
  write(
      std::move(batch),
      [this, id, d](const store::WriteResult&) {
        auto found = conversations_.find(id);
        if (found == conversations_.end()) return;
        Conversation& conv = found->second;
        if (d.kind == routing::DecisionKind::assigned || d.kind == routing::DecisionKind::offered) {
          auto frame = outbound::conversation_object(conv.record, names_of(conv.record));
          if (!conv.transfer_note.empty()) frame["transfer_note"] = conv.transfer_note;
          conv.transfer_note.clear();
          const auto shared = outbound::frame_of(
              json::object{{"type", "conversation"}, {"conversation", std::move(frame)}});
          send_to_agent(*d.agent, shared);
          send_to_customer(conv.record.customer_id, shared);
          send_to_monitors(conv, shared);
          if (d.from_agent && d.from_agent != d.agent) send_to_agent(*d.from_agent, shared);
          send_to_customer(conv.record.customer_id, outbound::queue(id, 0, 0));
          if (observers_.assigned) observers_.assigned(conv.record);
        } else if (d.kind == routing::DecisionKind::requeued) {
          // The agent drops it from their list; the customer learns it is waiting again.
          announce_conversation(conv);
          if (d.from_agent) {
            send_to_agent(*d.from_agent,
                          outbound::conversation(conv.record, names_of(conv.record)));
          }
        }
      },
      {}, nullptr, std::nullopt);
}

}  // namespace kefu
