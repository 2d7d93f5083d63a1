#include "tests/bench/cluster_figures.hpp"

#include <stdio.h>

#include <algorithm>
#include <boost/json.hpp>
#include <regex>

#include "tests/bench/cluster_nodes.hpp"
#include "tests/bench/relay_figures.hpp"
#include "tests/bench/server_process.hpp"
#include "tests/support/local_postgres.hpp"

namespace kefu::load {
namespace json = boost::json;
namespace {

// The issue's targets (19, "What it must show").
constexpr double kTargetVsSinglePostgres = 0.7;
constexpr double kTargetCrossNodeMsgsPerS = 5000;
constexpr double kTargetAckP99Ms = 20;
constexpr double kTargetDeliveryP99Ms = 50;

double ratio(double a, double b) {
  return b > 0 ? a / b : 0;
}

// One set of figures: closed loop (`loop`) and paced at 2,000 acked msgs/s (`paced`).
void put(json::object& f, const std::string& prefix, const RelayFigures& loop,
         const RelayFigures& paced) {
  f[prefix + "msgs_per_s"] = loop.acked_per_s;
  f[prefix + "ack_p99_ms_closed_loop"] = loop.ack_p99_ms;
  f[prefix + "delivery_p99_ms_closed_loop"] = loop.delivery_p99_ms;
  f[prefix + "msgs_per_s_at_2000"] = paced.acked_per_s;
  f[prefix + "ack_p50_ms_at_2000"] = paced.ack_p50_ms;
  f[prefix + "ack_p99_ms_at_2000"] = paced.ack_p99_ms;
  f[prefix + "delivery_p50_ms_at_2000"] = paced.delivery_p50_ms;
  f[prefix + "delivery_p99_ms_at_2000"] = paced.delivery_p99_ms;
  f[prefix + "to_agent_p99_ms_at_2000"] = paced.to_agent_p99_ms;
  f[prefix + "to_customer_p99_ms_at_2000"] = paced.to_customer_p99_ms;
  f[prefix + "errors"] = loop.errors + paced.errors;
  f[prefix + "sockets_ended"] = loop.sockets_ended + paced.sockets_ended;
}

void print(const char* what, const RelayFigures& loop, const RelayFigures& paced) {
  std::printf(
      "bench: %s: %.0f acked msgs/s closed loop (ack p99 %.1f ms, delivery p99 %.1f ms); at "
      "2,000 acked msgs/s (%.0f reached): ack p50/p99 %.1f/%.1f ms, delivery p50/p99 %.1f/%.1f "
      "ms (to the agent p99 %.1f, to the customer p99 %.1f); %ld errors, %d sockets closed under "
      "the phase\n",
      what, loop.acked_per_s, loop.ack_p99_ms, loop.delivery_p99_ms, paced.acked_per_s,
      paced.ack_p50_ms, paced.ack_p99_ms, paced.delivery_p50_ms, paced.delivery_p99_ms,
      paced.to_agent_p99_ms, paced.to_customer_p99_ms, loop.errors + paced.errors,
      loop.sockets_ended + paced.sockets_ended);
  for (const auto* phase : {&loop, &paced}) {
    std::printf(
        "bench: %s %s: %ld customer messages and %ld answers acked, %ld received by agents, %d "
        "chats assigned at the start\n",
        what, phase == &loop ? "closed loop" : "paced", phase->customer_acked, phase->replies_acked,
        phase->to_agents, phase->assigned);
  }
  std::fflush(stdout);
}

}  // namespace

double percentile_of(std::vector<double> values, double p) {
  if (values.empty()) return -1;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1,
                         static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

double fdatasync_per_s(const std::string& folder) {
  const std::string command = "/usr/lib/postgresql/15/bin/pg_test_fsync -s 1 -f '" + folder +
                              "/pg_test_fsync.out' 2>/dev/null";
  FILE* out = ::popen(command.c_str(), "r");
  if (out == nullptr) return 0;
  // "        fdatasync                          1234.567 ops/sec     810 usecs/op": the first
  // one, in "Compare file sync methods using one 8kB write".
  const std::regex line(R"(^\s+fdatasync\s+([0-9.]+) ops/sec)");
  double rate = 0;
  char buffer[512];
  while (::fgets(buffer, sizeof buffer, out) != nullptr) {
    std::cmatch match;
    if (rate == 0 && std::regex_search(buffer, match, line)) rate = std::stod(match[1].str());
  }
  ::pclose(out);
  return rate;
}

json::object measure_cluster_figures(const std::string& kefu, int lease_ms, ClusterNodes& nodes,
                                     kefu::testing::LocalPostgres& postgres,
                                     const std::string& folder, const FailoverTimes& routed,
                                     const FailoverTimes& serving) {
  // Capacity 20: the desk-direct phases' 32 chats (bench0-3) and the load's 8 (chaos agents)
  // are requeued to whoever is online once their agents' grace ends, within the cross-node
  // phases (bench4-7), which must still have room for their own 32.
  const int agents = 4, capacity = 20, customers = 16, window = 8;
  const double seconds = 5;
  // 1,000 customer messages/s and the agents' answer to each: 2,000 acked messages/s.
  const double paced_rate = 1000;
  json::object f;
  auto failover = [&](const std::string& kind, const std::string& name) {
    const auto found = routed.find(kind);
    if (found == routed.end()) return;
    f["cluster_failover_" + name + "_p50_ms"] = percentile_of(found->second, 0.5);
    f["cluster_failover_" + name + "_p99_ms"] = percentile_of(found->second, 0.99);
    f["cluster_failover_" + name + "_count"] = static_cast<std::int64_t>(found->second.size());
    // Until a node answers /healthz 200 (the desk serves), before the probe's assignment.
    const auto& up = serving.at(kind);
    f["cluster_desk_serving_" + name + "_p50_ms"] = percentile_of(up, 0.5);
    f["cluster_desk_serving_" + name + "_p99_ms"] = percentile_of(up, 0.99);
  };
  failover("kill -9", "kill9");
  failover("SIGSTOP", "sigstop");
  failover("PostgreSQL", "postgres_restart");
  failover("PostgreSQL back", "after_postgres_back");
  f["cluster_lease_ms"] = lease_ms;

  const auto store = std::vector<std::string>{"--store", nodes.store()};
  add_bench_agents(kefu, store, 0, 2 * agents, capacity);
  const int desk = nodes.wait_for_desk(10000);
  if (desk < 0) throw std::runtime_error("bench: no desk within 10 s");
  std::printf("bench: the cluster, every client on the desk (%s)...\n", nodes.name(desk).c_str());
  std::fflush(stdout);
  const auto at_desk = nodes.port(desk);
  const auto direct = measure_relay(at_desk, at_desk, log_in_bench_agents(at_desk, 0, agents),
                                    customers, window, 0, seconds);
  const auto direct_paced = measure_relay(at_desk, at_desk, log_in_bench_agents(at_desk, 0, agents),
                                          customers, window, paced_rate, seconds);
  print("desk direct", direct, direct_paced);
  put(f, "cluster_desk_direct_", direct, direct_paced);

  // Customers on one standby, agents on the other: every message crosses two relays.
  RelayFigures cross, cross_paced;
  std::vector<int> standbys;
  for (int i = 0; i < nodes.count(); ++i) {
    if (i != desk) standbys.push_back(i);
  }
  if (standbys.size() >= 2) {
    const auto customers_at = nodes.port(standbys[0]), agents_at = nodes.port(standbys[1]);
    std::printf("bench: cross-node, customers on %s and agents on %s (standbys, the desk %s)...\n",
                nodes.name(standbys[0]).c_str(), nodes.name(standbys[1]).c_str(),
                nodes.name(desk).c_str());
    std::fflush(stdout);
    cross = measure_relay(customers_at, agents_at, log_in_bench_agents(agents_at, agents, agents),
                          customers, window, 0, seconds);
    cross_paced =
        measure_relay(customers_at, agents_at, log_in_bench_agents(agents_at, agents, agents),
                      customers, window, paced_rate, seconds);
    print("cross-node", cross, cross_paced);
    put(f, "cluster_cross_node_", cross, cross_paced);
  }
  // A desk that lost its lease under the phases (a loaded machine) closes every relayed socket:
  // the figures would not be the relays'. Said, not hidden.
  const int desk_after = nodes.wait_for_desk(10000);
  f["cluster_bench_desk_moved"] = desk_after != desk;
  if (desk_after != desk) {
    std::printf("bench: the desk moved during the measured phases (%s, now %s)\n",
                nodes.name(desk).c_str(), desk_after < 0 ? "none" : nodes.name(desk_after).c_str());
  }
  nodes.stop_all();

  std::printf("bench: one node on PostgreSQL...\n");
  std::fflush(stdout);
  const std::string single_store = postgres.create_database();
  run_program({kefu, "migrate", "--store", single_store});
  add_bench_agents(kefu, {"--store", single_store}, 0, agents, capacity);
  RelayFigures on_postgres, on_sqlite;
  const std::vector<std::string> rates{
      "--customer-rate", "100000", "--staff-rate", "100000", "--visitors-per-minute", "100000000"};
  {
    ServerProcess single;
    std::vector<std::string> argv{kefu,         "serve",           "--store",
                                  single_store, "--mail-key-file", folder + "/mail-key",
                                  "--listen",   "127.0.0.1:0",     "--static-dir",
                                  folder};
    argv.insert(argv.end(), rates.begin(), rates.end());
    single.start(argv, folder + "/single-postgres.log");
    on_postgres =
        measure_relay(single.port(), single.port(), log_in_bench_agents(single.port(), 0, agents),
                      customers, window, 0, seconds);
  }
  std::printf("bench: one node on SQLite...\n");
  std::fflush(stdout);
  {
    const std::string db = folder + "/single.db";
    run_program({kefu, "migrate", "--db", db});
    add_bench_agents(kefu, {"--db", db}, 0, agents, capacity);
    ServerProcess single;
    std::vector<std::string> argv{kefu,       "serve",       "--db",         db,
                                  "--listen", "127.0.0.1:0", "--static-dir", folder};
    argv.insert(argv.end(), rates.begin(), rates.end());
    single.start(argv, folder + "/single-sqlite.log");
    on_sqlite =
        measure_relay(single.port(), single.port(), log_in_bench_agents(single.port(), 0, agents),
                      customers, window, 0, seconds);
  }
  std::printf("bench: pg_test_fsync -s 1...\n");
  std::fflush(stdout);
  const double flushes = fdatasync_per_s(postgres.folder());

  f["cluster_single_postgres_msgs_per_s"] = on_postgres.acked_per_s;
  f["cluster_single_postgres_delivery_p99_ms_closed_loop"] = on_postgres.delivery_p99_ms;
  f["cluster_single_sqlite_msgs_per_s"] = on_sqlite.acked_per_s;
  f["cluster_desk_direct_vs_single_postgres"] = ratio(direct.acked_per_s, on_postgres.acked_per_s);
  f["cluster_desk_direct_vs_single_sqlite"] = ratio(direct.acked_per_s, on_sqlite.acked_per_s);
  // The issue's figures are the cross-node ones.
  f["cluster_vs_single_postgres"] = ratio(cross.acked_per_s, on_postgres.acked_per_s);
  f["cluster_vs_single_sqlite"] = ratio(cross.acked_per_s, on_sqlite.acked_per_s);
  f["cluster_fdatasync_per_s"] = flushes;
  json::array missed;
  if (ratio(cross.acked_per_s, on_postgres.acked_per_s) < kTargetVsSinglePostgres) {
    missed.push_back("cross-node msgs/s < 0.7 x one node on PostgreSQL");
  }
  if (cross.acked_per_s < kTargetCrossNodeMsgsPerS) {
    missed.push_back("cross-node msgs/s < 5,000");
  }
  if (cross_paced.ack_p99_ms > kTargetAckP99Ms || cross_paced.ack_p99_ms == 0) {
    missed.push_back("cross-node ack p99 at 2,000 msgs/s > 20 ms");
  }
  if (cross_paced.delivery_p99_ms > kTargetDeliveryP99Ms || cross_paced.delivery_p99_ms == 0) {
    missed.push_back("cross-node delivery p99 at 2,000 msgs/s > 50 ms");
  }
  if (desk_after != desk || cross.sockets_ended + cross_paced.sockets_ended > 0) {
    missed.push_back("the cross-node phases were disturbed (the desk moved or sockets closed)");
  }
  if (cross_paced.acked_per_s < 0.9 * 2 * paced_rate) {
    missed.push_back("cross-node paced phase reached < 1,800 of 2,000 acked msgs/s");
  }
  f["cluster_targets_missed"] = missed;
  f["cluster_note"] =
      "measured in one run on one machine; one deciding node (the elected desk) and two standbys "
      "that relay their clients to it; cluster_desk_direct_*: every bench client on the desk; "
      "cluster_cross_node_*: customers on one standby and agents on the other (each message "
      "crosses two relays and the desk); cluster_vs_single_* are the cross-node ratios";
  std::printf(
      "bench: acked msgs/s: cross-node %.0f, desk direct %.0f, one node on PostgreSQL %.0f "
      "(cross-node x%.2f, desk direct x%.2f), one node on SQLite %.0f (cross-node x%.2f); "
      "fdatasync %.0f/s; targets missed: %zu\n",
      cross.acked_per_s, direct.acked_per_s, on_postgres.acked_per_s,
      ratio(cross.acked_per_s, on_postgres.acked_per_s),
      ratio(direct.acked_per_s, on_postgres.acked_per_s), on_sqlite.acked_per_s,
      ratio(cross.acked_per_s, on_sqlite.acked_per_s), flushes, missed.size());
  for (const auto& m : missed) std::printf("bench: target missed: %s\n", m.as_string().c_str());
  return f;
}

}  // namespace kefu::load
