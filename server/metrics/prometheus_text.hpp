#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kefu::metrics {

// A latency histogram: `counts[i]` observations at most `upper_bounds_seconds[i]` and above
// the previous bound; `overflow` above the last bound.
struct LatencyHistogram {
  std::vector<double> upper_bounds_seconds;
  std::vector<std::uint64_t> counts;
  std::uint64_t overflow = 0;
  double sum_seconds = 0;
};

// The operations figures the /metrics endpoint exposes.
struct OperationsFigures {
  std::map<std::string, std::int64_t> queue_depth;  // conversations waiting, per queue
  std::map<std::string, std::int64_t> connections;  // open sockets per kind (customer, staff)
  double messages_per_second = 0;                   // over the last interval
  std::uint64_t messages_total = 0;                 // since start
  LatencyHistogram store_commit_latency;
};

// Writes `figures` in the Prometheus text exposition format 0.0.4 (HELP and TYPE lines, label
// values escaped, histogram buckets cumulative with le="+Inf", _sum and _count).
// Throws std::invalid_argument when the histogram's bounds are not strictly increasing or its
// counts do not match them.
std::string prometheus_text(const OperationsFigures& figures);

}  // namespace kefu::metrics
