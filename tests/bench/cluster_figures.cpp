#include "tests/bench/cluster_figures.hpp"

#include <stdio.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <regex>
#include <thread>

#include "tests/bench/cluster_nodes.hpp"
#include "tests/bench/load_party.hpp"
#include "tests/bench/load_socket.hpp"
#include "tests/bench/server_process.hpp"
#include "tests/support/local_postgres.hpp"
#include "tests/support/test_client.hpp"

namespace kefu::load {
namespace net = boost::asio;
namespace json = boost::json;
namespace {

struct IoThreads {
  net::io_context io;
  net::executor_work_guard<net::io_context::executor_type> work = net::make_work_guard(io);
  std::vector<std::thread> pool;
  explicit IoThreads(unsigned threads) {
    for (unsigned i = 0; i < threads; ++i) pool.emplace_back([this] { io.run(); });
  }
  ~IoThreads() {
    work.reset();
    io.stop();
    for (auto& t : pool) t.join();
  }
};

template <typename Done>
bool wait_until(Done done, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

double percentile_ms(std::vector<std::uint32_t> us, double p) {
  if (us.empty()) return 0;
  std::sort(us.begin(), us.end());
  return us[std::min(us.size() - 1, static_cast<std::size_t>(p * static_cast<double>(us.size())))] /
         1000.0;
}

}  // namespace

double percentile_of(std::vector<double> values, double p) {
  if (values.empty()) return -1;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1,
                         static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

RelayFigures measure_relay(unsigned short port, const std::vector<std::string>& agent_cookies,
                           int customers, int window, double rate, double seconds) {
  const std::string origin = "http://127.0.0.1:" + std::to_string(port);
  std::vector<std::string> tokens;
  for (int i = 0; i < customers; ++i) tokens.push_back(kefu::testing::new_visitor(port));
  IoThreads threads(2);
  LoadRun run;
  run.window = window;
  run.rate_each = rate > 0 ? rate / customers : 0;
  std::vector<std::shared_ptr<LoadAgent>> agents;
  for (std::size_t i = 0; i < agent_cookies.size(); ++i) {
    agents.push_back(std::make_shared<LoadAgent>(
        run, static_cast<int>(i),
        std::make_shared<LoadSocket>(threads.io, port, "/ws/staff", origin, agent_cookies[i])));
    agents.back()->open();
  }
  std::vector<std::shared_ptr<LoadCustomer>> list;
  for (int i = 0; i < customers; ++i) {
    list.push_back(std::make_shared<LoadCustomer>(
        run, i,
        std::make_shared<LoadSocket>(
            threads.io, port, "/ws/customer", origin, "",
            kefu::testing::customer_subprotocols(tokens[static_cast<std::size_t>(i)]))));
    list.back()->open();
  }
  run.customers = list;
  wait_until([&] { return run.ready == customers && run.assigned >= customers; }, 30);
  RelayFigures f;
  const auto t0 = std::chrono::steady_clock::now();
  run.sending = true;
  for (auto& c : list) c->start();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  f.customer_acked = run.acked;
  f.replies_acked = run.replies_acked;
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run.sending = false;
  wait_until([&] { return run.acked + run.errors >= run.sent; }, 5);
  f.errors = run.errors;
  f.acked_per_s = static_cast<double>(f.customer_acked + f.replies_acked) / f.seconds;
  std::vector<std::uint32_t> ack;
  for (auto& c : list) ack.insert(ack.end(), c->ack_us.begin(), c->ack_us.end());
  f.ack_p50_ms = percentile_ms(ack, 0.5);
  f.ack_p99_ms = percentile_ms(ack, 0.99);
  return f;
}

bool add_bench_agents(const std::string& kefu, const std::vector<std::string>& store, int count,
                      int capacity) {
  for (int i = 0; i < count; ++i) {
    std::vector<std::string> argv{kefu, "user", "add"};
    argv.insert(argv.end(), store.begin(), store.end());
    for (const auto& a :
         {std::string("--login"), "bench" + std::to_string(i), std::string("--name"),
          "Bench Agent " + std::to_string(i), std::string("--chat-capacity"),
          std::to_string(capacity), std::string("--password"), std::string("bench-agent-pass")}) {
      argv.push_back(a);
    }
    if (run_program(argv) != 0) return false;
  }
  return true;
}

std::vector<std::string> log_in_bench_agents(unsigned short port, int count) {
  std::vector<std::string> cookies;
  for (int i = 0; i < count; ++i) {
    cookies.push_back(kefu::testing::log_in(port, "bench" + std::to_string(i), "bench-agent-pass"));
  }
  return cookies;
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
  const int agents = 4, capacity = 10, customers = 16, window = 8;
  const double seconds = 5;
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

  std::printf("bench: the cluster (3 nodes, the desk serves)...\n");
  std::fflush(stdout);
  add_bench_agents(kefu, {"--store", nodes.store()}, agents, capacity);
  const int desk = nodes.wait_for_desk(10000);
  const auto cluster =
      measure_relay(nodes.port(desk), log_in_bench_agents(nodes.port(desk), agents), customers,
                    window, 0, seconds);
  const auto paced = measure_relay(nodes.port(desk), log_in_bench_agents(nodes.port(desk), agents),
                                   customers, window, 1000, seconds);
  nodes.stop_all();

  std::printf("bench: one node on PostgreSQL...\n");
  std::fflush(stdout);
  const std::string single_store = postgres.create_database();
  run_program({kefu, "migrate", "--store", single_store});
  add_bench_agents(kefu, {"--store", single_store}, agents, capacity);
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
    on_postgres = measure_relay(single.port(), log_in_bench_agents(single.port(), agents),
                                customers, window, 0, seconds);
  }
  std::printf("bench: one node on SQLite...\n");
  std::fflush(stdout);
  {
    const std::string db = folder + "/single.db";
    run_program({kefu, "migrate", "--db", db});
    add_bench_agents(kefu, {"--db", db}, agents, capacity);
    ServerProcess single;
    std::vector<std::string> argv{kefu,       "serve",       "--db",         db,
                                  "--listen", "127.0.0.1:0", "--static-dir", folder};
    argv.insert(argv.end(), rates.begin(), rates.end());
    single.start(argv, folder + "/single-sqlite.log");
    on_sqlite = measure_relay(single.port(), log_in_bench_agents(single.port(), agents), customers,
                              window, 0, seconds);
  }
  std::printf("bench: pg_test_fsync -s 1...\n");
  std::fflush(stdout);
  const double flushes = fdatasync_per_s(folder);

  f["cluster_acked_msgs_per_s"] = cluster.acked_per_s;
  f["cluster_single_postgres_msgs_per_s"] = on_postgres.acked_per_s;
  f["cluster_single_sqlite_msgs_per_s"] = on_sqlite.acked_per_s;
  f["cluster_vs_single_postgres"] =
      on_postgres.acked_per_s > 0 ? cluster.acked_per_s / on_postgres.acked_per_s : 0;
  f["cluster_vs_single_sqlite"] =
      on_sqlite.acked_per_s > 0 ? cluster.acked_per_s / on_sqlite.acked_per_s : 0;
  f["cluster_ack_p99_ms_closed_loop"] = cluster.ack_p99_ms;
  // 1,000 customer messages/s and the agents' answer to each: 2,000 acked messages/s.
  f["cluster_ack_p50_ms_at_2000"] = paced.ack_p50_ms;
  f["cluster_ack_p99_ms_at_2000"] = paced.ack_p99_ms;
  f["cluster_acked_msgs_per_s_at_2000"] = paced.acked_per_s;
  f["cluster_errors"] = cluster.errors + paced.errors;
  f["cluster_fdatasync_per_s"] = flushes;
  f["cluster_note"] =
      "measured in one run on one machine; this step has one deciding node (the elected desk) "
      "and two standbys that relay their clients to it; the bench's clients talk to the desk "
      "itself, so cross-node delivery (and its p99) is not measured yet";
  std::printf(
      "bench: acked msgs/s: cluster %.0f, one node on PostgreSQL %.0f (x%.2f), one node on SQLite "
      "%.0f (x%.2f); customer ack p50/p99 at 2,000 acked msgs/s (1,000 customers' and their "
      "answers) %.1f/%.1f ms (%.0f acked msgs/s reached); "
      "fdatasync %.0f/s\n",
      cluster.acked_per_s, on_postgres.acked_per_s,
      on_postgres.acked_per_s > 0 ? cluster.acked_per_s / on_postgres.acked_per_s : 0,
      on_sqlite.acked_per_s,
      on_sqlite.acked_per_s > 0 ? cluster.acked_per_s / on_sqlite.acked_per_s : 0, paced.ack_p50_ms,
      paced.ack_p99_ms, paced.acked_per_s, flushes);
  return f;
}

}  // namespace kefu::load
