#include "server/metrics/kpi_totals.hpp"

namespace kefu::metrics {

const std::array<std::string_view, KpiTotals::kCounterCount>& KpiTotals::counter_names() {
  static const std::array<std::string_view, kCounterCount> names{"offered",
                                                                 "answered",
                                                                 "abandoned",
                                                                 "answered_in_target",
                                                                 "answered_in_target_bh",
                                                                 "abandoned_after_target",
                                                                 "abandoned_after_target_bh",
                                                                 "wait_ms",
                                                                 "wait_bh_ms",
                                                                 "first_responses",
                                                                 "first_response_ms",
                                                                 "first_response_bh_ms",
                                                                 "responses",
                                                                 "response_ms",
                                                                 "response_bh_ms",
                                                                 "handled",
                                                                 "handle_ms",
                                                                 "handle_bh_ms",
                                                                 "resolved",
                                                                 "resolution_ms",
                                                                 "resolution_bh_ms",
                                                                 "closed",
                                                                 "closed_first_contact",
                                                                 "closed_reopened",
                                                                 "ratings",
                                                                 "ratings_good",
                                                                 "staffed_ms",
                                                                 "staffed_bh_ms",
                                                                 "busy_ms",
                                                                 "busy_bh_ms",
                                                                 "backlog"};
  return names;
}

void KpiTotals::add(const Fact& f) {
  auto& c = counters_;
  switch (f.kind) {
    case FactKind::wait:
      ++c[offered];
      if (f.flags & kAnswered) {
        ++c[answered];
        c[wait_ms] += f.value;
        c[wait_bh_ms] += f.business_ms;
        if (f.flags & kWithinTarget) ++c[answered_in_target];
        if (f.flags & kWithinTargetBusiness) ++c[answered_in_target_bh];
      } else {
        ++c[abandoned];
        if (!(f.flags & kWithinTarget)) ++c[abandoned_after_target];
        if (!(f.flags & kWithinTargetBusiness)) ++c[abandoned_after_target_bh];
      }
      break;
    case FactKind::first_response:
      ++c[first_responses];
      c[first_response_ms] += f.value;
      c[first_response_bh_ms] += f.business_ms;
      break;
    case FactKind::response:
      ++c[responses];
      c[response_ms] += f.value;
      c[response_bh_ms] += f.business_ms;
      break;
    case FactKind::handle:
      ++c[handled];
      c[handle_ms] += f.value;
      c[handle_bh_ms] += f.business_ms;
      break;
    case FactKind::resolution:
      ++c[resolved];
      c[resolution_ms] += f.value;
      c[resolution_bh_ms] += f.business_ms;
      break;
    case FactKind::closure:
      ++c[closed];
      if (!(f.flags & (kReopened | kTransferred))) ++c[closed_first_contact];
      if (f.flags & kReopened) ++c[closed_reopened];
      break;
    case FactKind::rating:
      ++c[ratings];
      if (f.value >= 4) ++c[ratings_good];
      break;
    case FactKind::staffed:
      c[staffed_ms] += f.value;
      c[staffed_bh_ms] += f.business_ms;
      if (f.flags & kBusy) {
        c[busy_ms] += f.value;
        c[busy_bh_ms] += f.business_ms;
      }
      break;
    case FactKind::backlog_change:
      c[backlog] += f.value;
      break;
  }
}

void KpiTotals::add(const KpiTotals& other) {
  for (int i = 0; i < kCounterCount; ++i) counters_[i] += other.counters_[i];
}

std::optional<double> KpiTotals::ratio(std::int64_t numerator, std::int64_t denominator) {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

boost::json::object KpiTotals::kpis() const {
  boost::json::object out;
  auto put = [&out](const char* name, std::optional<double> value) {
    if (value) {
      out[name] = *value;
    } else {
      out[name] = nullptr;
    }
  };
  const auto& c = counters_;
  put("first_response_time_ms", ratio(c[first_response_ms], c[first_responses]));
  put("first_response_time_bh_ms", ratio(c[first_response_bh_ms], c[first_responses]));
  put("average_response_time_ms", ratio(c[response_ms], c[responses]));
  put("average_response_time_bh_ms", ratio(c[response_bh_ms], c[responses]));
  put("queue_wait_ms", ratio(c[wait_ms], c[answered]));
  put("queue_wait_bh_ms", ratio(c[wait_bh_ms], c[answered]));
  put("abandonment_rate", ratio(c[abandoned], c[answered] + c[abandoned]));
  put("service_level", ratio(c[answered_in_target], c[answered] + c[abandoned_after_target]));
  put("service_level_bh",
      ratio(c[answered_in_target_bh], c[answered] + c[abandoned_after_target_bh]));
  put("handle_time_ms", ratio(c[handle_ms], c[handled]));
  put("handle_time_bh_ms", ratio(c[handle_bh_ms], c[handled]));
  put("resolution_time_ms", ratio(c[resolution_ms], c[resolved]));
  put("resolution_time_bh_ms", ratio(c[resolution_bh_ms], c[resolved]));
  put("first_contact_resolution", ratio(c[closed_first_contact], c[closed]));
  put("reopen_rate", ratio(c[closed_reopened], c[closed]));
  put("csat", ratio(c[ratings_good], c[ratings]));
  put("occupancy", ratio(c[busy_ms], c[staffed_ms]));
  put("occupancy_bh", ratio(c[busy_bh_ms], c[staffed_bh_ms]));
  out["backlog"] = c[backlog];
  boost::json::object counts;
  for (int i = 0; i < kCounterCount; ++i) counts[counter_names()[i]] = c[i];
  out["counts"] = std::move(counts);
  return out;
}

}  // namespace kefu::metrics
