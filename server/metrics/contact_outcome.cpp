#include "server/metrics/contact_outcome.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace kefu::metrics {

std::vector<Event> events_from_outcomes(const std::vector<ContactOutcome>& outcomes) {
  std::set<std::int64_t> ids;
  std::set<std::int64_t> agents;
  for (const ContactOutcome& o : outcomes) {
    if (o.contact_id <= 0 || !ids.insert(o.contact_id).second) {
      throw std::invalid_argument("contact ids must be positive and unique");
    }
    if (o.answered_at && o.abandoned_at) {
      throw std::invalid_argument("a contact cannot be both answered and abandoned");
    }
    if ((o.answered_at && *o.answered_at < o.arrival) ||
        (o.abandoned_at && *o.abandoned_at < o.arrival) ||
        (o.end && (!o.answered_at || *o.end < *o.answered_at))) {
      throw std::invalid_argument("contact times out of order");
    }
    if (o.answered_at) {
      if (o.agent_id <= 0) throw std::invalid_argument("an answered contact needs its agent");
      agents.insert(o.agent_id);
    }
  }

  std::vector<Event> events;
  auto add = [&events](std::int64_t at, const char* type, const ContactOutcome& o,
                       std::optional<std::int64_t> agent, std::string data) {
    Event e;
    e.at = at;
    e.type = type;
    e.conversation_id = o.contact_id;
    e.agent_id = agent;
    e.channel = o.channel;
    e.queue = o.queue;
    e.data = std::move(data);
    events.push_back(std::move(e));
  };
  std::int64_t first = INT64_MAX;
  std::int64_t last = INT64_MIN;
  for (const ContactOutcome& o : outcomes) {
    first = std::min(first, o.arrival);
    add(o.arrival, "conversation_opened", o, std::nullopt, "{}");
    add(o.arrival, "message_received", o, std::nullopt, R"({"seq":1,"length":0})");
    add(o.arrival, "conversation_queued", o, std::nullopt, R"({"reason":"new"})");
    last = std::max(last, o.arrival);
    if (o.answered_at) {
      add(*o.answered_at, "conversation_assigned", o, o.agent_id,
          R"({"reason":"least_load","wait_ms":)" + std::to_string(*o.answered_at - o.arrival) +
              "}");
      last = std::max(last, *o.answered_at);
    }
    if (o.abandoned_at) {
      add(*o.abandoned_at, "conversation_abandoned", o, std::nullopt,
          R"({"wait_ms":)" + std::to_string(*o.abandoned_at - o.arrival) + "}");
      last = std::max(last, *o.abandoned_at);
    }
    if (o.end) {
      add(*o.end, "conversation_resolved", o, o.agent_id, "{}");
      last = std::max(last, *o.end);
    }
  }
  // Each contact's own events were added in order; a stable sort keeps that order at equal times.
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.at < b.at; });
  if (outcomes.empty()) return events;
  std::vector<Event> with_agents;
  with_agents.reserve(events.size() + 2 * agents.size());
  for (std::int64_t agent : agents) {
    Event e;
    e.at = first;
    e.type = "agent_status_changed";
    e.agent_id = agent;
    e.data = R"({"status":"online","by":"agent"})";
    with_agents.push_back(std::move(e));
  }
  with_agents.insert(with_agents.end(), events.begin(), events.end());
  for (std::int64_t agent : agents) {
    Event e;
    e.at = last + 1;
    e.type = "agent_status_changed";
    e.agent_id = agent;
    e.data = R"({"status":"offline","by":"agent"})";
    with_agents.push_back(std::move(e));
  }
  return with_agents;
}

}  // namespace kefu::metrics
