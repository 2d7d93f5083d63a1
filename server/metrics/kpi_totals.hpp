#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "server/metrics/fact.hpp"

namespace kefu::metrics {

// The sums every KPI is a ratio of, for one queue, team, channel, agent or the whole centre
// over one period. Both the live aggregator and the hourly rollups hold KpiTotals, so live and
// historical figures are computed by the same code from the same terms.
class KpiTotals {
 public:
  enum Counter : int {
    offered,
    answered,
    abandoned,
    answered_in_target,
    answered_in_target_bh,
    abandoned_after_target,
    abandoned_after_target_bh,
    wait_ms,
    wait_bh_ms,
    first_responses,
    first_response_ms,
    first_response_bh_ms,
    responses,
    response_ms,
    response_bh_ms,
    handled,
    handle_ms,
    handle_bh_ms,
    resolved,
    resolution_ms,
    resolution_bh_ms,
    closed,
    closed_first_contact,
    closed_reopened,
    ratings,
    ratings_good,
    staffed_ms,
    staffed_bh_ms,
    busy_ms,
    busy_bh_ms,
    backlog,  // sum of backlog changes; in a report, the conversations open at its end
    kCounterCount
  };

  // Column names of the counters, in Counter order (also the kpi_rollup column names).
  static const std::array<std::string_view, kCounterCount>& counter_names();

  // Adds one fact. `staffed` facts are added whole; clip them first (FactDeriver::clip).
  void add(const Fact& fact);
  // Adds every counter of `other`.
  void add(const KpiTotals& other);

  std::int64_t get(Counter c) const { return counters_[c]; }
  void set(Counter c, std::int64_t value) { counters_[c] = value; }
  bool operator==(const KpiTotals& other) const = default;

  // The KPIs (docs/metrics.md) as a JSON object: each ratio or average in a calendar and a
  // `_bh` business-hours variant, null where the denominator is zero, plus the raw counts.
  boost::json::object kpis() const;

  // A ratio, or nullopt when the denominator is zero.
  static std::optional<double> ratio(std::int64_t numerator, std::int64_t denominator);

 private:
  std::array<std::int64_t, kCounterCount> counters_{};
};

}  // namespace kefu::metrics
