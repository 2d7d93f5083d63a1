// The desk's SLA clocks: each open conversation judged by the policy that applies to it (the
// admin's, resolved for its channel, queue and the customer's priority) on that policy's clock,
// for the supervisor's at-risk list and the console's badges. Part of ContactCentre.

#include <boost/json.hpp>

#include "server/domain/contact_centre.hpp"

namespace kefu {
namespace json = boost::json;

ContactCentre::SlaView ContactCentre::sla_view(const Conversation& c) const {
  const auto& r = c.record;
  metrics::SlaClock clock = [&] {
    if (sla_clocks_) return sla_clocks_->clock_for(r.channel, r.queue, r.priority);
    const std::int64_t t = reply_target(r.channel);
    return metrics::SlaClock(metrics::SlaTargets{t, t, 86'400'000, false, r.channel});
  }();
  SlaView view{clock, std::nullopt, 0};
  if (r.status == "queued") {
    view.since = r.queued_at;
  } else if (r.status == "assigned") {
    view.since = c.unanswered_since;
  }
  // Until an agent answers the customer waits for the first response; then for the next one.
  view.target_ms =
      c.agent_replied ? clock.targets().next_response_ms : clock.targets().first_response_ms;
  return view;
}

json::object ContactCentre::sla_json(const Conversation& c, std::int64_t now) const {
  const SlaView v = sla_view(c);
  const auto& t = v.clock.targets();
  auto instant = [](std::optional<std::int64_t> at) {
    return at ? json::value(*at) : json::value(nullptr);
  };
  std::optional<std::int64_t> due, at_risk;
  if (v.since) {
    due = v.clock.due_at(*v.since, v.target_ms);
    at_risk = v.clock.at_risk_at(*v.since, v.target_ms);
  }
  return json::object{
      {"conversation_id", c.record.id},
      {"priority", c.record.priority},
      {"priority_by",
       c.record.priority_by.empty() ? json::value(nullptr) : json::value(c.record.priority_by)},
      {"policy", t.policy},
      {"time", t.business_time ? "business" : "calendar"},
      {"waiting_since", instant(v.since)},
      {"target", c.agent_replied ? "next_response" : "first_response"},
      {"target_ms", v.target_ms},
      {"waited_ms", v.since ? json::value(v.clock.elapsed_ms(*v.since, now)) : json::value()},
      {"at_risk_at", instant(at_risk)},
      {"due_at", instant(due)},
      {"risk", v.clock.risk(v.since, v.target_ms, now)},
      {"resolution_target_ms", t.resolution_ms},
      {"resolution_due_at", instant(v.clock.due_at(c.record.created_at, t.resolution_ms))}};
}

json::array ContactCentre::sla_clocks(std::int64_t staff_id, bool supervises) {
  const std::int64_t now = clock_.now_ms();
  json::array out;
  for (const auto& [id, c] : conversations_) {
    const auto& r = c.record;
    if (r.status != "queued" && r.status != "assigned") continue;
    if (!supervises && r.agent_id != staff_id) continue;
    out.push_back(sla_json(c, now));
  }
  return out;
}

}  // namespace kefu
