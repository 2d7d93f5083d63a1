#pragma once

#include <cstdint>
#include <set>

#include "server/back_office/service_event_log.hpp"
#include "server/metrics/metrics_config.hpp"

namespace kefu {

// Writes `sla_breached` to the log once per conversation whose first response is later than
// its channel's target T (MetricsConfig::threshold_ms, from the admin's SLA policy): a waiting
// or assigned conversation still unanswered at `since + T`. Checked once a second with the
// supervisors' live figures. "Once" is decided by the log (ServiceEventLog), so a restart
// writes none again; the conversations already known are remembered to spare the log a query
// each second. Runs on the back-office strand; not thread-safe. The references must outlive it.
class SlaBreachWatch {
 public:
  SlaBreachWatch(ServiceEventLog& log, const metrics::MetricsConfig& config)
      : log_(log), config_(config) {}

  // Records the breaches reached by `now`. Returns how many were written.
  int check(std::int64_t now);

 private:
  ServiceEventLog& log_;
  const metrics::MetricsConfig& config_;
  std::set<std::int64_t> recorded_;  // breached conversations still awaiting an answer
};

}  // namespace kefu
