#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <vector>

namespace kefu::testing {
class LocalPostgres;
}

namespace kefu::load {

class ClusterNodes;

// Milliseconds measured after each fault, by kind of fault ("kill -9", "SIGSTOP", ...).
using FailoverTimes = std::map<std::string, std::vector<double>>;

// The value below which a share `p` (0..1) of `values` lies; -1 when there is none.
double percentile_of(std::vector<double> values, double p);

// What one measured phase of the load parties (tests/bench/load_party) gave.
struct RelayFigures {
  double seconds = 0;
  long customer_acked = 0;  // customer messages acknowledged (after COMMIT)
  long replies_acked = 0;   // agent replies acknowledged
  long errors = 0;
  double acked_per_s = 0;                 // both, per second: every durably acknowledged message
  double ack_p50_ms = 0, ack_p99_ms = 0;  // a customer message's send -> ack
};

// Opens `customers` widgets and one console per cookie on the server at `port`, waits until
// every customer has a conversation assigned, then measures for `seconds`: closed loop (each
// customer keeps `window` messages unacknowledged or undelivered) when `rate` is 0, else open
// loop at `rate` customer messages per second in all. Agents answer every message.
RelayFigures measure_relay(unsigned short port, const std::vector<std::string>& agent_cookies,
                           int customers, int window, double rate, double seconds);

// Adds `count` agents (bench0.., chat capacity `capacity`, password bench-agent-pass) with
// `kefu user add` and the store options given (--db F or --store URI); false if it failed.
bool add_bench_agents(const std::string& kefu, const std::vector<std::string>& store, int count,
                      int capacity);

// Logs the bench agents in at `port`.
std::vector<std::string> log_in_bench_agents(unsigned short port, int count);

// The disk's flush rate: pg_test_fsync -s 1 in `folder`, its fdatasync line (one 8 kB write),
// in operations per second; 0 when it could not run.
double fdatasync_per_s(const std::string& folder);

// The figures of `kefu-cluster-test --bench` (cluster_* in bench-results.json), measured in this
// run on this machine: the failover times of the fault cycles (`routed`: until a desk routes
// again; `serving`: until a node answers /healthz 200), then durably acknowledged messages per
// second through the cluster's desk (closed loop, and the ack latency at 2,000 acked
// messages/s), one node on PostgreSQL (a new database of `postgres`) and one node on SQLite (in
// `folder`), a few seconds each, and pg_test_fsync's fdatasync rate. Stops the cluster's nodes.
boost::json::object measure_cluster_figures(const std::string& kefu, int lease_ms,
                                            ClusterNodes& nodes,
                                            kefu::testing::LocalPostgres& postgres,
                                            const std::string& folder, const FailoverTimes& routed,
                                            const FailoverTimes& serving);

}  // namespace kefu::load
