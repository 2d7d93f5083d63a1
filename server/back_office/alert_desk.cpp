#include "server/back_office/alert_desk.hpp"

#include <algorithm>

namespace kefu {

void AlertDesk::annotate(boost::json::object& live, std::int64_t now) {
  struct AtRisk {
    metrics::WaitingConversation waiting;
    std::int64_t breach_at = 0;
  };
  std::vector<AtRisk> at_risk;
  metrics::AlertFigures figures;
  for (const auto& w : facts_.waiting()) {
    const std::int64_t breach_at = config_.breach_at(w.channel, w.queue, w.since, w.priority);
    if (now > breach_at) ++figures.breached;
    at_risk.push_back({w, breach_at});
  }
  std::sort(at_risk.begin(), at_risk.end(), [](const AtRisk& a, const AtRisk& b) {
    return a.breach_at != b.breach_at ? a.breach_at < b.breach_at
                                      : a.waiting.conversation_id < b.waiting.conversation_id;
  });
  if (const auto* total = live.if_contains("total"); total && total->is_object()) {
    const auto& t = total->as_object();
    if (const auto* v = t.if_contains("waiting"); v && v->is_int64())
      figures.waiting = v->as_int64();
    if (const auto* v = t.if_contains("oldest_wait_ms"); v && v->is_number()) {
      figures.oldest_wait_ms = static_cast<std::int64_t>(v->to_number<double>());
    }
    if (const auto* v = t.if_contains("service_level"); v && v->is_number()) {
      figures.service_level = v->to_number<double>();
    }
  }
  const metrics::AlertThresholds thresholds = store_.thresholds();
  for (const auto& change : watch_.check(thresholds, figures, now)) store_.record(change, now);
  boost::json::object alerts = watch_.to_json(thresholds);
  alerts["breached"] = figures.breached;
  live["alerts"] = std::move(alerts);
  boost::json::array list;
  for (std::size_t i = 0; i < at_risk.size() && i < 20; ++i) {
    const auto& r = at_risk[i];
    list.push_back(boost::json::object{{"conversation_id", r.waiting.conversation_id},
                                       {"queue", r.waiting.queue},
                                       {"channel", r.waiting.channel},
                                       {"since", r.waiting.since},
                                       {"breach_at", r.breach_at}});
  }
  live["at_risk"] = std::move(list);
}

}  // namespace kefu
