#pragma once

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "tests/bench/cluster_figures.hpp"

namespace kefu::testing {
class LocalNats;
}

namespace kefu::load {

class ClusterNodes;
class PostgresOutage;

// The faults of the cluster test, one per cycle in turn: kill -9 of the desk's node, SIGSTOP of
// the desk past the lease then SIGCONT (it must exit 75), NATS killed and started again,
// PostgreSQL stopped with `-m immediate` and started again. Before each fault it supervises
// the nodes (one that ended by itself with anything but 75 is a fault); after it, measures how
// long until a desk serves and routes again (tests/bench/failover_probe) and starts the node
// it stopped again, as a standby. Everything from the thread that started the nodes.
class FaultCycles {
 public:
  FaultCycles(ClusterNodes& nodes, kefu::testing::LocalNats& nats, PostgresOutage& outage,
              int lease_ms, bool single, unsigned seed);

  // Cycle `k`: waits 0.3-0.9 s, then the fault of its turn (or `only`, when given), printed
  // with its times.
  void run(int k, const std::string& only);

  FailoverTimes routed;             // kind -> ms until a new conversation was assigned
  FailoverTimes serving;            // kind -> ms until a node answered /healthz 200
  std::vector<std::string> faults;  // what went wrong with the nodes
  int fenced = 0;                   // woken desks that exited 75
  int nats_restarts = 0;
  // The clients' side of a failure (set by the test): where each agent's socket is.
  std::function<std::string()> whereabouts;

 private:
  double kill_desk(int k, int desk, double* serving_ms);
  double freeze_desk(int k, int desk, double* serving_ms);
  double restart_postgres(int k, double* serving_ms, double* back_ms);
  // Which node serves, the desk lease's row, the queued conversations, the open chats per
  // agent, the desk's connections waiting on a lock and whereabouts(), for a failure.
  std::string state_of_the_desk();

  ClusterNodes& nodes_;
  kefu::testing::LocalNats& nats_;
  PostgresOutage& outage_;
  int lease_ms_;
  bool single_;
  std::mt19937 random_;
  std::vector<std::string> kinds_;
  std::string failure_state_;  // state_of_the_desk() when a probe gave up
};

}  // namespace kefu::load
