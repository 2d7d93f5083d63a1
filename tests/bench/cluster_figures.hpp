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

// The disk's flush rate: pg_test_fsync -s 1 in `folder`, its fdatasync line (one 8 kB write),
// in operations per second; 0 when it could not run.
double fdatasync_per_s(const std::string& folder);

// The figures of `kefu-cluster-test --bench` (cluster_* in bench-results.json), measured in this
// run on this machine: the failover times of the fault cycles (`routed`: until a desk routes
// again; `serving`: until a node answers /healthz 200); durably acknowledged messages per
// second (closed loop) and the ack and delivery latency at 2,000 acked messages/s, first with
// every client on the desk itself (cluster_desk_direct_*), then cross-node: customers
// on one standby and agents on the other, so each message goes customer -> standby's relay ->
// desk -> the other standby's relay -> agent (cluster_cross_node_*); then one node on PostgreSQL
// (a new database of `postgres`) and one node on SQLite (in `folder`), a few seconds each, and
// pg_test_fsync's fdatasync rate. Stops the cluster's nodes.
boost::json::object measure_cluster_figures(const std::string& kefu, int lease_ms,
                                            ClusterNodes& nodes,
                                            kefu::testing::LocalPostgres& postgres,
                                            const std::string& folder, const FailoverTimes& routed,
                                            const FailoverTimes& serving);

}  // namespace kefu::load
