#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "server/domain/event.hpp"
#include "server/metrics/business_calendar.hpp"
#include "server/metrics/fact_deriver.hpp"
#include "server/metrics/kpi_breakdown.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::metrics {

// The live figures for the supervisor screen, kept up to date one event at a time: today's
// KPIs (today = since local midnight in config.report_time_zone) per queue, team, channel and
// agent, and the present state: conversations waiting and the oldest wait, backlog, agents
// online / busy / away. Each event costs constant work; a snapshot costs one pass over the
// groups and agents, never over the day's events, so it can be pushed every second.
// Not thread-safe: use it from the strand that feeds it. `config` must outlive it.
class LiveAggregator {
 public:
  explicit LiveAggregator(const MetricsConfig& config);

  // Starts a new aggregator from the kpi_ tables instead of from the first event (e.g. when the
  // server restarts mid-day): the deriver state RollupWriter saved, and today's totals from
  // HistoryReport up to `now`. Returns the id of the last event covered: apply the events after
  // it. Throws std::logic_error if events were already applied.
  std::int64_t resume(sql::Connection& db, std::int64_t now);

  // Applies one event in log order. Throws std::invalid_argument for a malformed event, which
  // then changes nothing (see FactDeriver::apply).
  void apply(const Event& event);

  // Today's totals as of `now`, including agents' staffed time still running at `now`.
  KpiBreakdown today(std::int64_t now);

  // The snapshot pushed to supervisors: {"at","day_start","total":{...},"queues":{...},
  // "teams":{...},"channels":{...},"agents":{...}}; each group holds today's KPIs plus the
  // live fields `waiting`, `oldest_wait_ms`, `backlog`, `agents_online`, `agents_busy`,
  // `agents_away`; each agent holds `status` and `open_conversations`.
  boost::json::object snapshot(std::int64_t now);

  const FactDeriver& deriver() const { return deriver_; }

 private:
  void roll_day(std::int64_t at);
  void add(const Fact& fact);

  FactDeriver deriver_;
  BusinessCalendar day_calendar_;
  std::int64_t day_start_ = 0;
  std::int64_t day_end_ = 0;
  KpiBreakdown today_;
  KpiBreakdown open_;  // only backlog_change: conversations open now
  std::vector<Fact> scratch_;
  bool started_ = false;
};

}  // namespace kefu::metrics
