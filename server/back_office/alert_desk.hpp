#pragma once

#include <boost/json/object.hpp>
#include <cstdint>

#include "server/back_office/alert_store.hpp"
#include "server/metrics/alert_watch.hpp"
#include "server/metrics/figure_facts.hpp"
#include "server/metrics/metrics_config.hpp"

namespace kefu {

// The supervisors' alerts and the conversations at risk, added to the live figures once a
// second (docs/metrics.md, "Alerts"): the thresholds from `store`, the waiting chats from
// `facts`, T from `config` (MetricsConfig::threshold_ms, the one place T is read). An alert
// that starts or ends is recorded in the log through `store`. Runs on the back-office strand;
// not thread-safe. The references must outlive it.
class AlertDesk {
 public:
  AlertDesk(AlertStore& store, metrics::FigureFacts& facts, const metrics::MetricsConfig& config)
      : store_(store), facts_(facts), config_(config) {}

  // Adds "alerts" ({"thresholds","active"}) and "at_risk" (the waiting chats, soonest breach
  // first, at most 20: {"conversation_id","queue","channel","since","breach_at"}) to `live`,
  // the LiveAggregator snapshot of `now`, whose total holds waiting, oldest_wait_ms and
  // service_level; records the alerts that started or ended.
  void annotate(boost::json::object& live, std::int64_t now);

  metrics::AlertThresholds thresholds() { return store_.thresholds(); }
  // Replaces the thresholds (supervisor `by`); the next annotate checks them.
  void set_thresholds(const metrics::AlertThresholds& thresholds, std::int64_t by,
                      std::int64_t now) {
    store_.save_thresholds(thresholds, by, now);
  }

 private:
  AlertStore& store_;
  metrics::FigureFacts& facts_;
  const metrics::MetricsConfig& config_;
  metrics::AlertWatch watch_;
};

}  // namespace kefu
