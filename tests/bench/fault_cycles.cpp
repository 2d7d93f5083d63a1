#include "tests/bench/fault_cycles.hpp"

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "server/store/postgres/pg_connection.hpp"
#include "tests/bench/cluster_nodes.hpp"
#include "tests/bench/failover_probe.hpp"
#include "tests/bench/postgres_outage.hpp"
#include "tests/support/local_nats.hpp"

namespace kefu::load {
namespace {
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

FaultCycles::FaultCycles(ClusterNodes& nodes, kefu::testing::LocalNats& nats,
                         PostgresOutage& outage, int lease_ms, bool single, unsigned seed)
    : nodes_(nodes),
      nats_(nats),
      outage_(outage),
      lease_ms_(lease_ms),
      single_(single),
      random_(seed),
      kinds_(single ? std::vector<std::string>{"kill -9", "PostgreSQL"}
                    : std::vector<std::string>{"kill -9", "SIGSTOP", "NATS", "PostgreSQL"}) {}

void FaultCycles::run(int k, const std::string& only) {
  std::this_thread::sleep_for(
      std::chrono::milliseconds(std::uniform_int_distribution(300, 900)(random_)));
  // A node that ended by itself: 75 (it lost the desk, e.g. late after a PostgreSQL restart) is
  // the contract; anything else is a crash.
  for (const auto& [node, code] : nodes_.supervise()) {
    if (code == 75) {
      std::printf("  %s exited 75 and was started again\n", nodes_.name(node).c_str());
    } else {
      faults.push_back("cycle " + std::to_string(k) + ": " + nodes_.name(node) +
                       " ended by itself (exit " + std::to_string(code) + ")");
    }
  }
  const std::string kind =
      only.empty() ? kinds_[static_cast<std::size_t>(k) % kinds_.size()] : only;
  const int desk = nodes_.wait_for_desk(10000);
  if (desk < 0) {
    faults.push_back("cycle " + std::to_string(k) + ": no desk before the fault");
    return;
  }
  double ms = -2, serving_ms = -1, back_ms = -1;  // -2: nothing to measure but losses
  if (kind == "kill -9") {
    ms = kill_desk(k, desk, &serving_ms);
  } else if (kind == "SIGSTOP") {
    ms = freeze_desk(k, desk, &serving_ms);
  } else if (kind == "NATS") {
    ++nats_restarts;
    nats_.kill();
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution(200, 800)(random_)));
    nats_.start();
  } else {
    ms = restart_postgres(k, &serving_ms, &back_ms);
  }
  if (ms == -1) {
    faults.push_back("cycle " + std::to_string(k) + " (" + kind +
                     "): no desk routed a new conversation within 30 s (" +
                     (serving_ms < 0 ? std::string("no node answered /healthz 200")
                                     : "a node answered /healthz 200 after " +
                                           std::to_string(static_cast<long>(serving_ms)) + " ms") +
                     "; then " + failure_state_ + ")");
  } else if (ms >= 0) {
    routed[kind].push_back(ms);
    serving[kind].push_back(serving_ms);
    if (back_ms >= 0) {
      // Its own recovery takes most of it on this disk: the nodes' share, from its restart.
      routed["PostgreSQL back"].push_back(ms - back_ms);
      serving["PostgreSQL back"].push_back(serving_ms - back_ms);
    }
  }
  const std::string outcome =
      ms >= 0 ? "a desk serving after " + std::to_string(static_cast<long>(serving_ms)) +
                    " ms, routing again after " + std::to_string(static_cast<long>(ms)) + " ms"
      : ms == -2 ? std::string("restarted")
                 : std::string("NO DESK ROUTED");
  std::printf("cycle %d: %-10s %s\n", k + 1, kind.c_str(), outcome.c_str());
  std::fflush(stdout);
}

std::string FaultCycles::state_of_the_desk() {
  std::string state =
      "desk " + (nodes_.desk() < 0 ? std::string("none") : nodes_.name(nodes_.desk()));
  try {
    store::PgConnection db(nodes_.store());
    const auto lease = db.exec(
        "SELECT epoch, node, round(extract(epoch FROM now() - renewed_at) * 1000) "
        "FROM desk_lease");
    state += ", lease epoch " + lease.text(0, 0) + " held by " + lease.text(0, 1) + ", renewed " +
             lease.text(0, 2) + " ms ago";
    const auto waiting = db.exec("SELECT count(*) FROM conversations WHERE status = 'queued'");
    state += ", " + waiting.text(0, 0) + " conversations queued";
    const auto held = db.exec(
        "SELECT coalesce(string_agg(u.login || ' ' || n, ', ' ORDER BY u.login), 'none') FROM "
        "(SELECT agent_id, count(*) AS n FROM conversations WHERE status = 'assigned' "
        "GROUP BY agent_id) a JOIN users u ON u.id = a.agent_id");
    state += "; assigned in the database: " + held.text(0, 0);
    const auto locks = db.exec(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND "
        "application_name = 'kefu-desk'");
    state += "; desk connections waiting on a lock: " + locks.text(0, 0);
  } catch (const std::exception& e) {
    state += std::string(", the database: ") + e.what();
  }
  if (whereabouts) state += "; agents: " + whereabouts();
  return state;
}

double FaultCycles::kill_desk(int k, int desk, double* serving_ms) {
  const auto fault = Clock::now();
  nodes_.process(desk).crash();
  // The supervisor's restart (a standby now), after the failover is measured; one node alone
  // has no standby, so it is restarted at once.
  if (single_) nodes_.start(desk);
  const double ms = ms_until_routed(nodes_.ports(), 0, fault, k, serving_ms);
  if (ms < 0) failure_state_ = state_of_the_desk();
  if (!single_) nodes_.start(desk);
  return ms;
}

double FaultCycles::freeze_desk(int k, int desk, double* serving_ms) {
  const auto fault = Clock::now();
  nodes_.process(desk).signal(SIGSTOP);
  const double ms = ms_until_routed(nodes_.ports(), nodes_.port(desk), fault, k, serving_ms);
  if (ms < 0) failure_state_ = state_of_the_desk();
  // Frozen for longer than the lease, then woken: it must see it was fenced and exit 75.
  const double frozen_for = lease_ms_ + 500;
  if (ms_since(fault) < frozen_for) {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(static_cast<long>(frozen_for - ms_since(fault))));
  }
  nodes_.process(desk).signal(SIGCONT);
  const int code = nodes_.wait_for_exit(desk, 10000);
  if (code == 75) {
    ++fenced;
  } else {
    faults.push_back("cycle " + std::to_string(k) + ": " + nodes_.name(desk) +
                     " woken after the lease did not exit 75 (" +
                     (code < 0 ? std::string("still running") : std::to_string(code)) + ")");
    if (code < 0) nodes_.process(desk).crash();
  }
  nodes_.start(desk);
  return ms;
}

double FaultCycles::restart_postgres(int k, double* serving_ms, double* back_ms) {
  outage_.stop_immediately();
  const auto fault = Clock::now();
  std::this_thread::sleep_for(
      std::chrono::milliseconds(std::uniform_int_distribution(100, 500)(random_)));
  outage_.start_again();
  *back_ms = ms_since(fault);
  std::printf("  PostgreSQL takes connections again %.0f ms after it stopped\n", *back_ms);
  // The desk exits 75 (its lock's connection is gone): the supervisor starts it again.
  const auto restart_by = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < restart_by && nodes_.wait_for_desk(50) < 0) {
    for (const auto& [node, code] : nodes_.supervise()) {
      if (code != 75) {
        faults.push_back("cycle " + std::to_string(k) + ": " + nodes_.name(node) + " exited " +
                         std::to_string(code) + " after PostgreSQL restarted");
      }
    }
  }
  const double ms = ms_until_routed(nodes_.ports(), 0, fault, k, serving_ms);
  if (ms < 0) failure_state_ = state_of_the_desk();
  return ms;
}

}  // namespace kefu::load
