// kefu-cluster-test: three `kefu serve` nodes on one PostgreSQL and one nats-server (all real,
// all on loopback), customers and agents under load, while the test repeatedly kills the desk's
// node with SIGKILL, freezes it with SIGSTOP for longer than the desk lease (it must exit 75 when
// it wakes), kills nats-server and starts it again, and stops PostgreSQL with
// `pg_ctl stop -m immediate` and starts it again on the same port. Nodes that exit are started
// again as standbys, as scripts/lib/cluster-node does. Customers connect to node-a and agents to
// node-b or node-c when those serve (the desk itself, or a standby relaying to it), else to the
// next node that does, and resume by seq. After each fault a new customer measures how long
// until a desk routes again (its conversation is assigned). Then ClusterInvariants checks the
// database against the clients' logs. Any violation: exit 1.
//
//   kefu-cluster-test [--cycles 100] [--short] [--customers 8] [--seed N] [--bench]
//
// `--bench --cycles 0` measures only the figures (no faults; the failover figures are then
// absent): desk direct, cross-node (customers on one standby, agents on the other), one node on
// PostgreSQL and one on SQLite (tests/bench/cluster_figures.hpp).
//
// KEFU_CLUSTER_DEBUG=1 prints every frame the failover probes receive.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/bench/chaos_agent.hpp"
#include "tests/bench/chaos_customer.hpp"
#include "tests/bench/cluster_figures.hpp"
#include "tests/bench/cluster_invariants.hpp"
#include "tests/bench/cluster_nodes.hpp"
#include "tests/bench/fault_cycles.hpp"
#include "tests/bench/postgres_outage.hpp"
#include "tests/support/local_nats.hpp"
#include "tests/support/local_postgres.hpp"
#include "tests/support/test_client.hpp"

namespace json = boost::json;
namespace po = boost::program_options;
using namespace kefu::load;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string kefu = KEFU_BIN;
  int cycles = 100;
  int customers = 8;
  int window = 4;
  double rate = 200;  // customer messages per second, all customers together
  int agents = 3;
  int capacity = 8;
  int lease_ms = 1000;
  unsigned seed = std::random_device{}();
  bool bench = false;
  bool single = false;               // one node without --bus (a check of the harness itself)
  std::string only;                  // one kind of fault only (to chase a failure)
  std::string postgres_in = "/tmp";  // the folder PostgreSQL's data folder is made in
};

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Conversations of the load's customers: agents keep these and resolve any other (the probes').
class LoadConversations {
 public:
  void add(std::int64_t id) {
    std::lock_guard lock(mutex_);
    ids_.insert(id);
  }
  void seal() {
    std::lock_guard lock(mutex_);
    sealed_ = true;
  }
  bool keep(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return !sealed_ || ids_.count(id) > 0;
  }

 private:
  std::mutex mutex_;
  std::set<std::int64_t> ids_;
  bool sealed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  bool short_form = false;
  po::options_description d("kefu-cluster-test options");
  d.add_options()("help,h", "show this help")("kefu", po::value(&o.kefu)->default_value(o.kefu),
                                              "the kefu binary")(
      "cycles", po::value(&o.cycles)->default_value(o.cycles),
      "faults in turn: kill -9 of the desk, SIGSTOP past the lease, NATS killed, PostgreSQL "
      "stopped -m immediate")("short", po::bool_switch(&short_form),
                              "4 cycles, one of each (scripts/test)")(
      "customers", po::value(&o.customers)->default_value(o.customers), "customer sockets")(
      "window", po::value(&o.window)->default_value(o.window), "unacknowledged messages each")(
      "rate", po::value(&o.rate)->default_value(o.rate), "customer messages per second in all")(
      "agents", po::value(&o.agents)->default_value(o.agents), "agent sockets")(
      "capacity", po::value(&o.capacity)->default_value(o.capacity), "chat capacity of each")(
      "lease-ms", po::value(&o.lease_ms)->default_value(o.lease_ms), "the desk lease")(
      "seed", po::value(&o.seed), "random seed for the fault moments")(
      "single", po::bool_switch(&o.single),
      "one node, no bus: only kill -9 and PostgreSQL restarts (checks the harness itself)")(
      "only", po::value(&o.only),
      "one kind of fault in every cycle: 'kill -9', SIGSTOP, NATS or PostgreSQL")(
      "bench", po::bool_switch(&o.bench),
      "also measure the figures into bench-results.json (cluster_*)")(
      "postgres-in", po::value(&o.postgres_in)->default_value(o.postgres_in),
      "the folder PostgreSQL's data goes in (/dev/shm takes the disk out of a comparison of "
      "CPU: nothing is durable there)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, d), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << e.what() << "\n" << d;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << d;
    return 0;
  }
  if (short_form) o.cycles = 4;
  // A watchdog: a run that hangs ends, and its children with it (they all die with us).
  // The figures (--bench) take about a minute more.
  const int limit_s = 180 + o.cycles * 30 + (o.bench ? 180 : 0);
  std::thread([limit_s] {
    std::this_thread::sleep_for(std::chrono::seconds(limit_s));
    std::printf("FAILED: the run did not end within %d s\n", limit_s);
    std::fflush(stdout);
    ::_exit(1);
  }).detach();

  char pattern[] = "/tmp/kefu-cluster-test-XXXXXX";
  if (mkdtemp(pattern) == nullptr) return 1;
  const std::string folder = pattern;
  const auto started = Clock::now();
  int status = 0;
  try {
    // On disk, as in production: every ack waits for a real flush.
    kefu::testing::LocalPostgres postgres(o.postgres_in);
    PostgresOutage outage(postgres.folder(), postgres.port());
    kefu::testing::LocalNats nats;
    const std::string store = postgres.create_database();
    if (run_program({o.kefu, "migrate", "--store", store}) != 0) {
      throw std::runtime_error("kefu migrate failed");
    }
    for (int i = 0; i < o.agents; ++i) {
      if (run_program({o.kefu, "user", "add", "--store", store, "--login",
                       "chaos" + std::to_string(i), "--name", "Chaos Agent " + std::to_string(i),
                       "--chat-capacity", std::to_string(o.capacity), "--password",
                       "chaos-agent-pass"}) != 0) {
        throw std::runtime_error("kefu user add failed");
      }
    }
    ClusterNodes::Settings settings;
    settings.kefu = o.kefu;
    settings.store = store;
    settings.bus = nats.url();
    settings.key_file = folder + "/mail-key";
    settings.folder = folder;
    settings.lease_ms = o.lease_ms;
    settings.cluster = !o.single;
    settings.extra = {"--customer-rate",       "100000",   "--staff-rate", "100000",
                      "--visitors-per-minute", "100000000"};
    ClusterNodes nodes(settings, o.single ? 1 : 3);
    const int first_desk = nodes.wait_for_desk(20000);
    if (first_desk < 0) {
      throw std::runtime_error("no node became the desk within 20 s");
    }
    std::printf(
        "cluster test: %d cycles, %d customers (%.0f msgs/s, window %d), %d agents, "
        "lease %d ms, seed %u; nodes on ports %u-%u, desk %s\n",
        o.cycles, o.customers, o.rate, o.window, o.agents, o.lease_ms, o.seed, nodes.port(0),
        nodes.ports().back(), nodes.name(first_desk).c_str());
    std::fflush(stdout);

    std::atomic<bool> stop{false};
    LoadConversations load;
    std::vector<std::unique_ptr<ChaosCustomer>> customers;
    std::vector<std::unique_ptr<ChaosAgent>> agents;
    // Customers try node-a first, agents node-b or node-c first: whichever node is the desk,
    // most messages cross nodes through a standby's relay on one side or both.
    const std::size_t others = std::max<std::size_t>(1, nodes.ports().size() - 1);
    for (int i = 0; i < o.agents; ++i) {
      agents.push_back(std::make_unique<ChaosAgent>(
          i, "chaos" + std::to_string(i), "chaos-agent-pass",
          starting_at(nodes.ports(), 1 + static_cast<std::size_t>(i) % others),
          [&load](std::int64_t id) { return load.keep(id); }));
    }
    for (int i = 0; i < o.customers; ++i) {
      customers.push_back(
          std::make_unique<ChaosCustomer>(i, kefu::testing::new_visitor(nodes.port(first_desk)),
                                          o.window, o.rate / o.customers, nodes.ports()));
    }
    std::vector<std::thread> threads;
    for (auto& a : agents) threads.emplace_back([&, a = a.get()] { a->run(stop); });
    for (auto& c : customers) threads.emplace_back([&, c = c.get()] { c->run(stop); });
    const auto ready_by = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < ready_by &&
           std::any_of(customers.begin(), customers.end(),
                       [](const auto& c) { return c->conversation_id == 0; })) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    for (auto& c : customers) load.add(c->conversation_id);
    load.seal();

    FaultCycles cycles(nodes, nats, outage, o.lease_ms, o.single, o.seed);
    cycles.whereabouts = [&agents] {
      std::string where;
      for (const auto& a : agents) where += (where.empty() ? "" : "; ") + a->whereabouts();
      return where;
    };
    for (int k = 0; k < o.cycles; ++k) cycles.run(k, o.only);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    nodes.supervise();
    stop = true;
    for (auto& t : threads) t.join();
    // The resume that the delivery check holds them to.
    for (auto& c : customers) c->resume_once();
    for (auto& a : agents) a->resume_once();

    std::vector<ClientLog> logs;
    for (std::size_t i = 0; i < customers.size(); ++i) {
      auto& c = *customers[i];
      ClientLog log{"customer " + std::to_string(i), &c.acked, {}, {c.conversation_id}, true};
      log.held[c.conversation_id].assign(c.held.begin(), c.held.end());
      for (const auto& p : c.problems) cycles.faults.push_back(log.who + ": " + p);
      logs.push_back(std::move(log));
    }
    long refused = 0, resolved = 0;
    for (std::size_t i = 0; i < agents.size(); ++i) {
      auto& a = *agents[i];
      ClientLog log{"agent chaos" + std::to_string(i), &a.acked, {}, {}, false};
      for (const auto& [conversation, seqs] : a.held) {
        log.held[conversation].assign(seqs.begin(), seqs.end());
      }
      for (const auto conversation : a.assigned) {
        if (load.keep(conversation)) log.must_hold.push_back(conversation);
      }
      for (const auto& p : a.problems) cycles.faults.push_back(log.who + ": " + p);
      for (const auto& [code, n] : a.refusals) refused += n;
      resolved += a.resolved;
      logs.push_back(std::move(log));
    }
    ClusterInvariants invariants(store);
    invariants.check_acknowledged(logs);
    invariants.check_seqs();
    invariants.check_assignments();
    invariants.check_assignee_mirror();
    invariants.check_delivered(logs);
    int connections = 0;
    for (auto& c : customers) connections += c->connections;
    int timed_out = 0;
    for (auto& a : agents) {
      connections += a->connections;
      timed_out += a->upgrades_timed_out;
    }
    std::printf(
        "\ncluster test: %d cycles in %.0f s, %d client connections, %d nodes fenced "
        "after SIGSTOP (exit 75), %ld agent replies refused (conversation moved), %ld "
        "probe conversations resolved, %d agent upgrades given up after 2 s (a node frozen "
        "between its /healthz and the upgrade)\n",
        o.cycles, ms_since(started) / 1000, connections, cycles.fenced, refused, resolved,
        timed_out);
    for (const auto& [kind, list] : cycles.routed) {
      const auto& serving = cycles.serving[kind];
      std::printf(
          "after %-10s a desk serving p50 %6.0f ms p99 %6.0f ms; routing again p50 %6.0f "
          "ms p99 %6.0f ms max %6.0f ms (%zu)\n",
          kind.c_str(), percentile_of(serving, 0.5), percentile_of(serving, 0.99),
          percentile_of(list, 0.5), percentile_of(list, 0.99), percentile_of(list, 1.0),
          list.size());
    }
    invariants.print();
    for (const auto& f : cycles.faults) std::printf("FAILED: %s\n", f.c_str());
    const long violations = invariants.violations() + static_cast<long>(cycles.faults.size());
    std::printf("%ld violations\n", violations);
    status = violations == 0 ? 0 : 1;
    if (o.bench) {
      json::object figures = measure_cluster_figures(o.kefu, o.lease_ms, nodes, postgres, folder,
                                                     cycles.routed, cycles.serving);
      figures["cluster_cycles"] = o.cycles;
      figures["cluster_postgres_in"] = o.postgres_in;
      figures["cluster_violations"] = violations;
      figures["cluster_nats_down_cycles"] = static_cast<std::int64_t>(cycles.nats_restarts);
      figures["cluster_acked_lost"] = invariants.lost();
      std::printf("%s\n", json::serialize(figures).c_str());
    }
    nodes.stop_all();
  } catch (const std::exception& e) {
    std::printf("FAILED: %s\n", e.what());
    status = 1;
  }
  std::error_code ignored;
  if (status == 0 && std::getenv("KEFU_CLUSTER_DEBUG") == nullptr) {
    std::filesystem::remove_all(folder, ignored);
  } else {
    std::printf("the nodes' output is kept in %s/node-*.log\n", folder.c_str());
  }
  return status;
}
