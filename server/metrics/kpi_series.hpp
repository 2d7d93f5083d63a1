#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string_view>
#include <vector>

#include "server/metrics/history_report.hpp"

namespace kefu::metrics {

// One period of a series: the report of [from, to).
struct SeriesBucket {
  std::int64_t from = 0;
  std::int64_t to = 0;
  KpiBreakdown kpis;
};

// The KPIs of [from, to) cut into hours or local days (docs/metrics.md, "Series"), for the
// supervisor's charts: each bucket is HistoryReport::run over its own period, so a bucket's
// figures are those of the history for that hour or day. Hours are UTC hours (local hours in a
// zone whose offset is whole hours); days run from local midnight to local midnight in
// `config.report_time_zone`, so a day with a daylight-saving change has 23 or 25 hours. The
// first and last buckets are cut at `from` and `to`. Throws std::invalid_argument when
// to <= from or `step` is neither "hour" nor "day".
std::vector<SeriesBucket> kpi_series(const HistoryReport& report, const MetricsConfig& config,
                                     std::int64_t from, std::int64_t to, std::string_view step);

// {"from","to","step","buckets":[{"from","to","total":{...},"queues":{name:{...}},
// "agents":{id:{...}}}]}, each group with offered, answered, abandoned, service_level,
// queue_wait_ms, first_response_time_ms, handle_time_ms, resolved, csat and occupancy (as in
// KpiTotals::kpis, null where undefined).
boost::json::object series_json(const std::vector<SeriesBucket>& buckets, std::int64_t from,
                                std::int64_t to, std::string_view step);

}  // namespace kefu::metrics
