#include "server/metrics/fact_deriver.hpp"

#include <algorithm>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <stdexcept>

namespace kefu::metrics {
namespace {

// Parses the event's data with `memory` (a buffer on the caller's stack): every event is
// checked, thousands a second, and most have a few small fields or none.
boost::json::object parse_data(const Event& e, boost::json::storage_ptr memory) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(e.data, ec, std::move(memory));
  if (ec || !v.is_object()) {
    throw std::invalid_argument("event " + e.type + ": data is not a JSON object");
  }
  return std::move(v.as_object());
}

std::string string_field(const boost::json::object& data, const char* name,
                         const std::string& fallback) {
  auto it = data.find(name);
  if (it == data.end() || !it->value().is_string()) return fallback;
  return std::string(it->value().as_string());
}

std::optional<std::int64_t> int_field(const boost::json::object& data, const char* name) {
  auto it = data.find(name);
  if (it == data.end()) return std::nullopt;
  if (it->value().is_int64()) return it->value().as_int64();
  if (it->value().is_uint64()) return static_cast<std::int64_t>(it->value().as_uint64());
  return std::nullopt;
}

bool is_conversation_event(const std::string& type) {
  return type.rfind("conversation_", 0) == 0 || type == "message_received" ||
         type == "message_sent" || type == "bot_message_sent";
}

}  // namespace

Fact FactDeriver::conversation_fact(FactKind kind, std::int64_t at, std::int64_t conversation,
                                    const ConversationState& c, std::int64_t agent) const {
  Fact f;
  f.kind = kind;
  f.at = at;
  f.end = at;
  f.conversation_id = conversation;
  f.agent_id = agent;
  f.queue = c.queue;
  f.team = config_.team_of_queue(c.queue);
  f.channel = c.channel;
  return f;
}

Fact FactDeriver::duration_fact(FactKind kind, std::int64_t from, std::int64_t to,
                                std::int64_t conversation, const ConversationState& c,
                                std::int64_t agent) const {
  Fact f = conversation_fact(kind, to, conversation, c, agent);
  f.value = to - from;
  f.business_ms = config_.calendar(f.team).business_ms(from, to);
  return f;
}

int FactDeriver::within_target(const ConversationState& c, const Fact& wait) const {
  // The SLA policy's first-response target on the policy's clock (calendar or the team's
  // business hours): the same clock the supervisor's list and the console's badge read.
  const SlaClock clock = config_.sla_clock(c.channel, c.queue, c.priority);
  const std::int64_t threshold = clock.targets().first_response_ms;
  const std::int64_t from = wait.at - wait.value;
  return (clock.elapsed_ms(from, wait.at) <= threshold ? kWithinTarget : 0) |
         (wait.business_ms <= threshold ? kWithinTargetBusiness : 0);
}

void FactDeriver::touch_agent(std::int64_t agent, std::int64_t at, std::vector<Fact>& out) {
  AgentState& a = agents_[agent];
  if (a.status == "online" && at > a.since) {
    Fact f;
    f.kind = FactKind::staffed;
    f.at = a.since;
    f.end = at;
    f.agent_id = agent;
    f.team = config_.team_of_agent(agent);
    f.value = at - a.since;
    f.business_ms = config_.calendar(f.team).business_ms(a.since, at);
    f.flags = a.open_conversations > 0 ? kBusy : 0;
    out.push_back(std::move(f));
  }
  a.since = std::max(a.since, at);
}

void FactDeriver::take(std::int64_t agent, std::int64_t at, std::vector<Fact>& out) {
  touch_agent(agent, at, out);
  ++agents_[agent].open_conversations;
}

void FactDeriver::release(ConversationState& c, std::int64_t at, std::vector<Fact>& out) {
  if (c.agent == 0) return;
  touch_agent(c.agent, at, out);
  AgentState& a = agents_[c.agent];
  a.open_conversations = std::max(0, a.open_conversations - 1);
  c.last_agent = c.agent;
  c.agent = 0;
  c.assigned_at = -1;
}

void FactDeriver::stop_waiting(std::int64_t conversation, ConversationState& c) {
  if (c.queued_since < 0) return;
  auto it = waiting_.find(c.queue);
  if (it != waiting_.end()) {
    it->second.erase({c.queued_since, conversation});
    if (it->second.empty()) waiting_.erase(it);
  }
  c.queued_since = -1;
}

void FactDeriver::set_open(std::int64_t conversation, ConversationState& c, bool open,
                           std::int64_t at, std::vector<Fact>& out) {
  if (c.open == open) return;
  c.open = open;
  Fact f = conversation_fact(FactKind::backlog_change, at, conversation, c, 0);
  f.value = open ? 1 : -1;
  out.push_back(std::move(f));
}

void FactDeriver::apply(const Event& e, std::vector<Fact>& out) {
  // Validate everything before changing any state.
  unsigned char scratch[1024];
  boost::json::monotonic_resource memory(scratch, sizeof scratch);
  boost::json::object data = parse_data(e, &memory);
  const bool conversation_event = is_conversation_event(e.type);
  if (conversation_event && !e.conversation_id) {
    throw std::invalid_argument("event " + e.type + " has no conversation_id");
  }
  std::string status;
  if (e.type == "agent_status_changed") {
    status = string_field(data, "status", "");
    if (status != "online" && status != "away" && status != "offline") {
      throw std::invalid_argument("agent_status_changed: unknown status '" + status + "'");
    }
    if (!e.agent_id) throw std::invalid_argument("agent_status_changed has no agent_id");
  }
  std::int64_t rating = 0;
  if (e.type == "survey_submitted") {
    rating = int_field(data, "rating").value_or(0);
    if (rating < 1 || rating > 5) throw std::invalid_argument("survey rating must be 1..5");
    if (!e.conversation_id) throw std::invalid_argument("survey_submitted has no conversation_id");
  }

  const std::int64_t at = e.at;
  if (e.type == "agent_status_changed") {
    touch_agent(*e.agent_id, at, out);
    AgentState& a = agents_[*e.agent_id];
    a.status = status;
    a.since = at;
    return;
  }
  if (e.type == "survey_submitted") {
    auto found = conversations_.find(*e.conversation_id);
    ConversationState c = found == conversations_.end() ? ConversationState{} : found->second;
    if (e.queue) c.queue = *e.queue;
    if (e.channel) c.channel = *e.channel;
    std::int64_t agent = e.agent_id ? *e.agent_id : (c.agent ? c.agent : c.last_agent);
    Fact f = conversation_fact(FactKind::rating, at, *e.conversation_id, c, agent);
    f.value = rating;
    out.push_back(std::move(f));
    return;
  }
  if (!conversation_event) return;

  const std::int64_t id = *e.conversation_id;
  ConversationState& c = conversations_[id];
  if (c.queue.empty() && e.queue) c.queue = *e.queue;
  if (c.channel.empty() && e.channel) c.channel = *e.channel;

  if (e.type == "conversation_opened") {
    c.contact_start = at;
    c.awaiting_first_response = true;
    set_open(id, c, true, at, out);
  } else if (e.type == "conversation_queued") {
    std::string reason = string_field(data, "reason", "new");
    release(c, at, out);
    stop_waiting(id, c);
    std::string queue = e.queue ? *e.queue : c.queue;
    if (queue != c.queue && c.open) {
      set_open(id, c, false, at, out);
      c.queue = queue;
      set_open(id, c, true, at, out);
    }
    c.queue = queue;
    if (const auto* priority = data.if_contains("priority"); priority && priority->is_string()) {
      c.priority = std::string(priority->get_string());
    }
    if (!c.open) set_open(id, c, true, at, out);
    c.queued_since = at;
    c.queued_offered = reason == "new" || reason == "reopened";
    waiting_[c.queue].insert({at, id});
  } else if (e.type == "conversation_priority_changed") {
    // A supervisor or a care rule set the priority: the SLA policy it names judges from now on.
    c.priority = string_field(data, "priority", c.priority);
  } else if (e.type == "conversation_assigned") {
    if (c.queued_since >= 0 && c.queued_offered) {
      Fact f = duration_fact(FactKind::wait, c.queued_since, at, id, c, e.agent_id.value_or(0));
      f.flags = kAnswered | within_target(c, f);
      out.push_back(std::move(f));
    }
    stop_waiting(id, c);
    release(c, at, out);
    if (e.agent_id) {
      take(*e.agent_id, at, out);
      c.agent = *e.agent_id;
      c.last_agent = c.agent;
      c.assigned_at = at;
    }
  } else if (e.type == "message_received") {
    if (c.unanswered_since < 0) c.unanswered_since = at;
  } else if (e.type == "message_sent") {
    std::int64_t agent = e.agent_id ? *e.agent_id : c.agent;
    if (c.awaiting_first_response && c.contact_start >= 0) {
      out.push_back(duration_fact(FactKind::first_response, c.contact_start, at, id, c, agent));
    }
    c.awaiting_first_response = false;
    if (c.unanswered_since >= 0) {
      out.push_back(duration_fact(FactKind::response, c.unanswered_since, at, id, c, agent));
      c.unanswered_since = -1;
    }
  } else if (e.type == "conversation_transferred") {
    c.transferred_ever = true;
    release(c, at, out);
  } else if (e.type == "conversation_resolved") {
    std::int64_t agent = c.agent ? c.agent : e.agent_id.value_or(0);
    if (c.agent != 0 && c.assigned_at >= 0) {
      out.push_back(duration_fact(FactKind::handle, c.assigned_at, at, id, c, agent));
    }
    if (c.contact_start >= 0) {
      out.push_back(duration_fact(FactKind::resolution, c.contact_start, at, id, c, agent));
    }
    stop_waiting(id, c);
    release(c, at, out);
    c.last_agent = agent;
    c.resolved_ever = true;
    c.awaiting_first_response = false;
    c.unanswered_since = -1;
    set_open(id, c, false, at, out);
  } else if (e.type == "conversation_reopened") {
    c.reopened_ever = true;
    c.contact_start = at;
    c.awaiting_first_response = true;
    set_open(id, c, true, at, out);
  } else if (e.type == "conversation_abandoned") {
    if (c.queued_since >= 0 && c.queued_offered) {
      Fact f = duration_fact(FactKind::wait, c.queued_since, at, id, c, 0);
      f.flags = within_target(c, f);
      out.push_back(std::move(f));
    }
    stop_waiting(id, c);
    release(c, at, out);
    set_open(id, c, false, at, out);
    if (!c.resolved_ever) conversations_.erase(id);
  } else if (e.type == "conversation_closed") {
    stop_waiting(id, c);
    release(c, at, out);
    set_open(id, c, false, at, out);
    if (c.resolved_ever) {
      Fact f = conversation_fact(FactKind::closure, at, id, c, c.last_agent);
      f.flags = (c.reopened_ever ? kReopened : 0) | (c.transferred_ever ? kTransferred : 0);
      out.push_back(std::move(f));
    }
    conversations_.erase(id);
  }
}

void FactDeriver::restore(std::int64_t conversation, const ConversationState& state) {
  auto found = conversations_.find(conversation);
  if (found != conversations_.end()) stop_waiting(conversation, found->second);
  ConversationState& c = conversations_[conversation];
  c = state;
  if (c.queued_since >= 0) waiting_[c.queue].insert({c.queued_since, conversation});
}

std::vector<Fact> FactDeriver::running_staffed(std::int64_t now) const {
  std::vector<Fact> facts;
  for (const auto& [agent, a] : agents_) {
    if (a.status != "online" || now <= a.since) continue;
    Fact f;
    f.kind = FactKind::staffed;
    f.at = a.since;
    f.end = now;
    f.agent_id = agent;
    f.team = config_.team_of_agent(agent);
    f.value = now - a.since;
    f.business_ms = config_.calendar(f.team).business_ms(a.since, now);
    f.flags = a.open_conversations > 0 ? kBusy : 0;
    facts.push_back(std::move(f));
  }
  return facts;
}

Fact clip_staffed(const Fact& staffed, std::int64_t from, std::int64_t to,
                  const MetricsConfig& config) {
  Fact f = staffed;
  f.at = std::max(staffed.at, from);
  f.end = std::min(staffed.end, to);
  if (f.end <= f.at) {
    f.end = f.at;
    f.value = 0;
    f.business_ms = 0;
    return f;
  }
  f.value = f.end - f.at;
  f.business_ms = config.calendar(f.team).business_ms(f.at, f.end);
  return f;
}

}  // namespace kefu::metrics
