#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "server/metrics/kpi_breakdown.hpp"
#include "server/metrics/metrics_config.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::metrics {

// The KPIs of any period [from, to) per queue, team, channel and agent, read from the kpi_
// tables that RollupWriter keeps: whole UTC days from kpi_rollup_day, whole hours around them
// from kpi_rollup_hour, the partial hours at either end from kpi_facts (staffed time cut exactly at
// the edges). The backlog counter of each group is the number of conversations open at `to`. Reads
// only; safe to use from any thread with its own connection. `db` and `config` must outlive it.
class HistoryReport {
 public:
  HistoryReport(sql::Connection& db, const MetricsConfig& config) : db_(db), config_(config) {}

  // Throws std::invalid_argument when to < from.
  KpiBreakdown run(std::int64_t from, std::int64_t to) const;

  // The report as JSON for REST: {"from","to", plus KpiBreakdown::to_json()}.
  boost::json::object json(std::int64_t from, std::int64_t to) const;

  // The report as CSV (KpiBreakdown::to_csv), agents named from `agent_names`.
  std::string csv(std::int64_t from, std::int64_t to,
                  const std::map<std::int64_t, std::string>& agent_names = {}) const;

 private:
  void add_rollup(KpiBreakdown& into, const char* table, std::int64_t first,
                  std::int64_t end) const;
  void add_facts(KpiBreakdown& into, std::int64_t scan_from, std::int64_t scan_to,
                 std::int64_t from, std::int64_t to) const;

  sql::Connection& db_;
  const MetricsConfig& config_;
};

}  // namespace kefu::metrics
