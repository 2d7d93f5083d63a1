#include "server/metrics/kpi_series.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "server/metrics/business_calendar.hpp"

namespace kefu::metrics {
namespace {

constexpr std::int64_t kHour = 3'600'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : (a - b + 1) / b;
}

// The figures a chart draws, from one group's totals.
boost::json::object chart_figures(const KpiTotals& totals) {
  const boost::json::object all = totals.kpis();
  boost::json::object out;
  for (const char* name : {"service_level", "queue_wait_ms", "first_response_time_ms",
                           "handle_time_ms", "csat", "occupancy"}) {
    out[name] = all.at(name);
  }
  out["offered"] = totals.get(KpiTotals::offered);
  out["answered"] = totals.get(KpiTotals::answered);
  out["abandoned"] = totals.get(KpiTotals::abandoned);
  out["resolved"] = totals.get(KpiTotals::resolved);
  return out;
}

}  // namespace

std::vector<SeriesBucket> kpi_series(const HistoryReport& report, const MetricsConfig& config,
                                     std::int64_t from, std::int64_t to, std::string_view step) {
  if (to <= from) throw std::invalid_argument("the range ends before it starts");
  if (step != "hour" && step != "day") throw std::invalid_argument("step is hour or day");
  const BusinessCalendar zone(config.report_time_zone);
  std::vector<SeriesBucket> buckets;
  for (std::int64_t start = from; start < to;) {
    const std::int64_t next =
        step == "hour" ? (floor_div(start, kHour) + 1) * kHour : zone.next_day_start(start);
    const std::int64_t end = std::min(next, to);
    buckets.push_back({start, end, report.run(start, end)});
    start = end;
  }
  return buckets;
}

boost::json::object series_json(const std::vector<SeriesBucket>& buckets, std::int64_t from,
                                std::int64_t to, std::string_view step) {
  boost::json::array list;
  for (const SeriesBucket& b : buckets) {
    boost::json::object queues;
    for (const auto& [name, totals] : b.kpis.queues) queues[name] = chart_figures(totals);
    boost::json::object agents;
    for (const auto& [id, totals] : b.kpis.agents) {
      agents[std::to_string(id)] = chart_figures(totals);
    }
    list.push_back(boost::json::object{{"from", b.from},
                                       {"to", b.to},
                                       {"total", chart_figures(b.kpis.total)},
                                       {"queues", std::move(queues)},
                                       {"agents", std::move(agents)}});
  }
  return boost::json::object{
      {"from", from}, {"to", to}, {"step", step}, {"buckets", std::move(list)}};
}

}  // namespace kefu::metrics
