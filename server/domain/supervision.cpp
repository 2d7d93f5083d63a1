// Supervision on the desk: monitor, whisper and take over (docs/protocol.md, "Supervision"),
// and the open conversations with their SLA risk for the supervisor screen. Part of
// ContactCentre, kept apart from the message path.

#include <algorithm>
#include <boost/json.hpp>

#include "server/domain/contact_centre.hpp"

namespace kefu {
namespace json = boost::json;

namespace {

std::size_t count_characters(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// How urgent an open conversation is, from how long its customer has waited for an answer.
enum class SlaRisk { none = 0, ok = 1, at_risk = 2, breached = 3 };

std::string_view to_string(SlaRisk risk) {
  switch (risk) {
    case SlaRisk::none:
      return "none";
    case SlaRisk::ok:
      return "ok";
    case SlaRisk::at_risk:
      return "at_risk";
    case SlaRisk::breached:
      return "breached";
  }
  return "none";
}

// Breached at the target, at risk from three quarters of it.
SlaRisk risk_of(std::optional<std::int64_t> waited_ms, std::int64_t target_ms) {
  if (!waited_ms) return SlaRisk::none;
  if (*waited_ms >= target_ms) return SlaRisk::breached;
  if (*waited_ms * 4 >= target_ms * 3) return SlaRisk::at_risk;
  return SlaRisk::ok;
}

}  // namespace

void ContactCentre::monitor(const ParticipantPtr& p, const Connection& c, const Monitor& m) {
  if (!c.supervises) {
    p->deliver(outbound::error("forbidden", m.client_id, "only supervisors monitor conversations"));
    return;
  }
  if (!m.active) {
    auto it = monitors_.find(m.conversation_id);
    if (it != monitors_.end()) {
      std::erase(it->second, p.get());
      if (it->second.empty()) monitors_.erase(it);
    }
    p->deliver(outbound::ack(m.client_id, m.conversation_id, std::nullopt, clock_.now_ms()));
    return;
  }
  // An open conversation is watched live; a closed one can still be read (its history by sync).
  std::optional<store::ConversationRecord> record;
  auto live = conversations_.find(m.conversation_id);
  if (live != conversations_.end()) {
    record = live->second.record;
  } else {
    record = store_.find_conversation(m.conversation_id);
  }
  if (!record) {
    p->deliver(outbound::error("not_found", m.client_id, "no such conversation"));
    return;
  }
  if (live != conversations_.end()) {
    auto& watchers = monitors_[m.conversation_id];
    if (std::find(watchers.begin(), watchers.end(), p.get()) == watchers.end()) {
      watchers.push_back(p.get());
    }
  }
  json::object data{
      {"agent_id", record->agent_id ? json::value(*record->agent_id) : json::value()}};
  store::WriteBatch batch;
  batch.mutations.push_back(
      store::AppendEvent{event("monitor_started", *record, c.id, json::serialize(data))});
  const std::int64_t id = record->id;
  write(
      std::move(batch),
      [this, p, id, ref = m.client_id](const store::WriteResult&) {
        std::optional<store::ConversationRecord> now_record;
        if (auto it = conversations_.find(id); it != conversations_.end()) {
          now_record = it->second.record;
        } else {
          now_record = store_.find_conversation(id);
        }
        if (now_record) p->deliver(outbound::conversation(*now_record, names_of(*now_record)));
        p->deliver(outbound::ack(ref, id, std::nullopt, clock_.now_ms()));
      },
      [this, id, who = p.get()] {
        auto it = monitors_.find(id);
        if (it == monitors_.end()) return;
        std::erase(it->second, who);
        if (it->second.empty()) monitors_.erase(it);
      },
      p, m.client_id);
}

void ContactCentre::whisper(const ParticipantPtr& p, const Connection& c, const Whisper& w) {
  if (!c.supervises) {
    p->deliver(outbound::error("forbidden", w.client_id, "only supervisors whisper"));
    return;
  }
  auto it = conversations_.find(w.conversation_id);
  if (it == conversations_.end()) {
    p->deliver(outbound::error("not_found", w.client_id, "no such conversation"));
    return;
  }
  const auto& r = it->second.record;
  if (r.status != "assigned" || !r.agent_id) {
    p->deliver(outbound::error("conflict", w.client_id, "no agent has this conversation"));
    return;
  }
  if (*r.agent_id == c.id) {
    p->deliver(outbound::error("conflict", w.client_id,
                               "the conversation is yours; write to the customer"));
    return;
  }
  const std::int64_t agent_id = *r.agent_id;
  json::object data{{"to_agent", agent_id},
                    {"length", static_cast<std::int64_t>(count_characters(w.text))}};
  store::WriteBatch batch;
  batch.mutations.push_back(
      store::AppendEvent{event("whisper_sent", r, c.id, json::serialize(data))});
  const std::int64_t id = r.id;
  const std::int64_t at = clock_.now_ms();
  std::string author_name;
  if (Agent* me = agent(c.id)) author_name = me->user.display_name;
  write(
      std::move(batch),
      [this, p, id, at, agent_id, w, author = c.id, author_name](const store::WriteResult&) {
        const auto frame = outbound::frame_of(json::object{
            {"type", "whisper"},
            {"conversation_id", id},
            {"at", at},
            {"client_id", w.client_id},
            {"author", json::object{{"kind", "supervisor"}, {"id", author}, {"name", author_name}}},
            {"text", w.text}});
        // Never to the customer: the agent's sockets and the other supervisors watching.
        send_to_agent(agent_id, frame);
        if (auto found = conversations_.find(id); found != conversations_.end()) {
          send_to_monitors(found->second, frame, p.get());
        }
        p->deliver(outbound::ack(w.client_id, id, std::nullopt, at));
      },
      {}, p, w.client_id);
}

void ContactCentre::take_over(const ParticipantPtr& p, const Connection& c, const TakeOver& t) {
  if (!c.supervises) {
    p->deliver(
        outbound::error("forbidden", t.client_id, "only supervisors take conversations over"));
    return;
  }
  auto it = conversations_.find(t.conversation_id);
  if (it == conversations_.end()) {
    p->deliver(outbound::error("not_found", t.client_id, "no such conversation"));
    return;
  }
  Conversation& conv = it->second;
  auto& r = conv.record;
  if (r.status != "assigned" && r.status != "queued") {
    p->deliver(outbound::error("conflict", t.client_id,
                               "only a waiting or assigned conversation can be taken over"));
    return;
  }
  if (r.agent_id == c.id) {
    p->deliver(outbound::error("conflict", t.client_id, "the conversation is already yours"));
    return;
  }
  const std::int64_t now = clock_.now_ms();
  const std::optional<std::int64_t> from = r.status == "assigned" ? r.agent_id : std::nullopt;
  const std::int64_t wait_ms = r.status == "queued" ? now - r.queued_at : 0;
  // The routing engine lets go of it: the agent's slot is free, the queue no longer holds it.
  if (engine_.conversation(r.id)) {
    try {
      engine_.conversation_ended(r.id, now);
    } catch (const routing::RoutingError&) {
      engine_.abandon(r.id, now);  // waiting, or offered and not yet accepted
    }
  }
  last_place_.erase(r.id);
  r.status = "assigned";
  r.agent_id = c.id;
  r.updated_at = now;
  conv.assigned_at = now;
  conv.abandon_at.reset();
  store::WriteBatch batch;
  batch.mutations.push_back(store::UpsertConversation{r});
  if (from) {
    json::object moved{
        {"from_agent", *from}, {"to_agent", c.id}, {"to_queue", nullptr}, {"by", "take_over"}};
    batch.mutations.push_back(
        store::AppendEvent{event("conversation_transferred", r, from, json::serialize(moved))});
  }
  json::object assigned{{"reason", "take_over"}, {"wait_ms", wait_ms}};
  batch.mutations.push_back(
      store::AppendEvent{event("conversation_assigned", r, c.id, json::serialize(assigned))});
  const std::int64_t id = r.id;
  const std::int64_t supervisor = c.id;
  write(
      std::move(batch),
      [this, p, id, from, supervisor, ref = t.client_id](const store::WriteResult&) {
        auto found = conversations_.find(id);
        if (found == conversations_.end()) return;
        Conversation& taken = found->second;
        const auto names = names_of(taken.record);
        const auto frame = outbound::conversation(taken.record, names);
        send_to_agent(supervisor, frame);
        send_to_customer(taken.record.customer_id, frame);
        send_to_customer(taken.record.customer_id, outbound::queue(id, 0, 0));
        send_to_monitors(taken, frame);
        if (from) {
          // The agent drops it from their list and is told who took it.
          send_to_agent(*from, frame);
          send_to_agent(*from,
                        outbound::frame_of(json::object{
                            {"type", "taken_over"},
                            {"conversation_id", id},
                            {"by", json::object{{"id", supervisor}, {"name", names.agent}}}}));
        }
        if (observers_.assigned) observers_.assigned(taken.record);
        p->deliver(outbound::ack(ref, id, std::nullopt, clock_.now_ms()));
      },
      {}, p, t.client_id);
  apply_routing();
}

void ContactCentre::send_to_monitors(const Conversation& c, const outbound::Frame& frame,
                                     const Participant* except) {
  auto it = monitors_.find(c.record.id);
  if (it == monitors_.end()) return;
  for (const Participant* p : it->second) {
    if (p == except) continue;
    const Connection& watcher = switchboard_.at(p);
    // Whoever has the conversation already gets it as its agent.
    if (c.record.agent_id && watcher.id == *c.record.agent_id) continue;
    watcher.participant->deliver(frame);
  }
}

void ContactCentre::stop_monitoring(const Participant* p) {
  for (auto it = monitors_.begin(); it != monitors_.end();) {
    std::erase(it->second, p);
    it = it->second.empty() ? monitors_.erase(it) : std::next(it);
  }
}

json::array ContactCentre::supervision_overview(std::size_t limit) {
  const std::int64_t now = clock_.now_ms();
  struct Row {
    Conversation* conversation;
    std::optional<std::int64_t> since;
    std::int64_t target;
    std::optional<std::int64_t> due;
    SlaRisk risk;
  };
  std::vector<Row> rows;
  for (auto& [id, c] : conversations_) {
    const auto& r = c.record;
    if (r.status != "queued" && r.status != "assigned") continue;
    // The conversation's own policy on its own clock (sla_view.cpp), as the console's badge.
    const SlaView v = sla_view(c);
    const auto waited =
        v.since ? std::optional<std::int64_t>(v.clock.elapsed_ms(*v.since, now)) : std::nullopt;
    const auto due = v.since ? v.clock.due_at(*v.since, v.target_ms) : std::nullopt;
    rows.push_back(Row{&c, v.since, v.target_ms, due, risk_of(waited, v.target_ms)});
  }
  const auto more_urgent = [](const Row& a, const Row& b) {
    if (a.risk != b.risk) return a.risk > b.risk;
    const std::int64_t as = a.since.value_or(INT64_MAX), bs = b.since.value_or(INT64_MAX);
    if (as != bs) return as < bs;
    return a.conversation->record.id < b.conversation->record.id;
  };
  const std::size_t keep = std::min(limit, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(keep), rows.end(),
                    more_urgent);
  json::array out;
  for (std::size_t i = 0; i < keep; ++i) {
    const Row& row = rows[i];
    const auto& r = row.conversation->record;
    json::object o = outbound::conversation_object(r, names_of(r));
    o["waiting_since"] = row.since ? json::value(*row.since) : json::value();
    o["sla_target_ms"] = row.target;
    o["sla_due_at"] = row.due ? json::value(*row.due) : json::value();
    o["sla_risk"] = to_string(row.risk);
    o["priority"] = r.priority;
    o["priority_by"] = r.priority_by.empty() ? json::value(nullptr) : json::value(r.priority_by);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace kefu
