// kefu-load: drives the real `kefu serve` with N customers and M agents speaking the real
// protocol, then drives a bare Beast echo server (kefu-echo-server) with the same number of
// sockets, message size and window in the same run, and reports Kefu's throughput as a ratio
// of the echo's. Can also hold K idle widget connections and report the server's memory.
// Prints one table and writes the figures as JSON. See docs/load-testing.md.
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "tests/bench/io_threads.hpp"
#include "tests/bench/load_parties.hpp"
#include "tests/bench/load_party.hpp"
#include "tests/bench/server_process.hpp"
#include "tests/support/test_client.hpp"

namespace net = boost::asio;
namespace json = boost::json;
namespace po = boost::program_options;
using namespace kefu::load;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string kefu = KEFU_BIN;
  std::string echo = ECHO_BIN;
  int customers = 100;
  int agents = 4;
  int capacity = 10;
  int window = 8;
  double rate = 0;  // total customer messages per second; 0: as fast as the window allows
  double seconds = 5;
  std::size_t text_bytes = 64;
  bool no_reply = false;
  bool no_echo = false;
  int idle = 0;
  unsigned server_threads = 2;
  unsigned client_threads = 2;
  std::string synchronous = "FULL";
  std::string db_dir = "/tmp";  // where the servers' folders (database, static files) go
  std::string json_path = "kefu-load.json";
};

struct Percentiles {
  double p50 = 0, p99 = 0, p999 = 0, max = 0;
  long count = 0;
};

Percentiles percentiles(std::vector<std::uint32_t> us) {
  Percentiles p;
  p.count = static_cast<long>(us.size());
  if (us.empty()) return p;
  std::sort(us.begin(), us.end());
  auto at = [&](double q) {
    return us[std::min(us.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(us.size())))] /
           1000.0;
  };
  p.p50 = at(0.50);
  p.p99 = at(0.99);
  p.p999 = at(0.999);
  p.max = us.back() / 1000.0;
  return p;
}

json::object to_json(const Percentiles& p) {
  return {{"p50_ms", p.p50},
          {"p99_ms", p.p99},
          {"p999_ms", p.p999},
          {"max_ms", p.max},
          {"count", p.count}};
}

// Calls make(i) for i in [0, n) on `threads` threads (HTTP set-up calls that each wait).
template <typename T>
std::vector<T> in_parallel(int n, int threads, const std::function<T(int)>& make) {
  std::vector<T> out(static_cast<std::size_t>(n));
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = next++; i < n; i = next++) out[static_cast<std::size_t>(i)] = make(i);
    });
  }
  for (auto& t : pool) t.join();
  return out;
}

std::string fresh_database(const Options& o, const std::string& folder) {
  const std::string db = folder + "/kefu.db";
  if (run_program({o.kefu, "demo", "--db", db}) != 0) throw std::runtime_error("kefu demo failed");
  return db;
}

void start_kefu(ServerProcess& server, const Options& o, const std::string& db,
                const std::string& folder) {
  server.start({o.kefu, "serve", "--db", db, "--listen", "127.0.0.1:0", "--static-dir", folder,
                "--threads", std::to_string(o.server_threads), "--synchronous", o.synchronous,
                "--customer-rate", "1000000", "--staff-rate", "1000000", "--visitors-per-minute",
                "100000000"});
}

double own_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double load_average() {
  double one = 0;
  std::ifstream("/proc/loadavg") >> one;
  return one;
}

struct Measured {
  double seconds = 0;
  long sent = 0, acked = 0, to_agents = 0, to_customers = 0, replies_acked = 0, errors = 0,
       rate_limited = 0, dropped = 0;
  double server_cpu_percent = 0;
  double server_cpu_seconds = 0;
  double generator_cpu_percent = 0;  // this process (the load generator) over the same phase
  double load_average = 0;           // the machine's 1-minute load average at the end
  long server_rss_kb = 0;
  Percentiles ack, to_agent, to_customer, agent_ack;
  // Customer→agent latency of the messages sent in each second of the phase: shows whether
  // the tail comes in bursts or all along.
  std::vector<Percentiles> to_agent_by_second;
};

// The measured phase: starts every customer, runs for the set time, stops sending and waits
// for what is in flight to land.
Measured measure(LoadRun& run, std::vector<std::shared_ptr<LoadCustomer>>& customers,
                 std::vector<std::shared_ptr<LoadAgent>>& agents, const ServerProcess& server,
                 double seconds) {
  Measured m;
  const double cpu0 = server.cpu_seconds();
  const double own0 = own_cpu_seconds();
  const auto t0 = Clock::now();
  const std::int64_t t0_ns = now_ns();
  run.sending = true;
  for (auto& c : customers) c->start();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  m.acked = run.acked;
  m.to_agents = run.to_agents;
  m.to_customers = run.to_customers;
  m.replies_acked = run.replies_acked;
  m.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  m.server_cpu_seconds = server.cpu_seconds() - cpu0;
  m.server_cpu_percent = 100 * m.server_cpu_seconds / m.seconds;
  m.generator_cpu_percent = 100 * (own_cpu_seconds() - own0) / m.seconds;
  m.load_average = load_average();
  m.server_rss_kb = server.rss_kb();
  run.sending = false;
  m.sent = run.sent;
  wait_until([&] { return run.acked + run.errors >= run.sent; }, 5);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  m.errors = run.errors;
  for (auto& c : customers) m.dropped += c->ended();
  for (auto& a : agents) m.dropped += a->ended();
  m.rate_limited = run.rate_limited;
  std::vector<std::uint32_t> ack, to_agent, to_customer, agent_ack;
  for (auto& c : customers) {
    ack.insert(ack.end(), c->ack_us.begin(), c->ack_us.end());
    to_customer.insert(to_customer.end(), c->from_agent_us.begin(), c->from_agent_us.end());
  }
  std::vector<std::vector<std::uint32_t>> by_second(static_cast<std::size_t>(std::ceil(m.seconds)));
  for (auto& a : agents) {
    to_agent.insert(to_agent.end(), a->from_customer_us.begin(), a->from_customer_us.end());
    agent_ack.insert(agent_ack.end(), a->ack_us.begin(), a->ack_us.end());
    for (std::size_t i = 0; i < a->from_customer_us.size(); ++i) {
      const std::int64_t since = a->from_customer_sent_ns[i] - t0_ns;
      const auto second = static_cast<std::size_t>(since / 1'000'000'000);
      if (since >= 0 && second < by_second.size()) {
        by_second[second].push_back(a->from_customer_us[i]);
      }
    }
  }
  for (auto& second : by_second) m.to_agent_by_second.push_back(percentiles(std::move(second)));
  m.ack = percentiles(std::move(ack));
  m.to_agent = percentiles(std::move(to_agent));
  m.to_customer = percentiles(std::move(to_customer));
  m.agent_ack = percentiles(std::move(agent_ack));
  return m;
}

LoadRun& configure(LoadRun& run, const Options& o) {
  run.window = o.window;
  run.rate_each = o.rate > 0 ? o.rate / o.customers : 0;
  run.text_bytes = o.text_bytes;
  run.agents_reply = !o.no_reply;
  return run;
}

Measured run_relay(const Options& o, const std::string& folder) {
  const std::string db = fresh_database(o, folder);
  const int needed = (o.customers + o.capacity - 1) / o.capacity;
  const int agents = std::max(o.agents, needed);
  for (int i = 0; i < agents; ++i) {
    if (run_program({o.kefu, "user", "add", "--db", db, "--login", "load" + std::to_string(i),
                     "--name", "Load Agent " + std::to_string(i), "--chat-capacity",
                     std::to_string(o.capacity), "--password", "load-agent-pass"}) != 0) {
      throw std::runtime_error("kefu user add failed");
    }
  }
  ServerProcess server;
  start_kefu(server, o, db, folder);
  const auto port = server.port();
  const auto cookies = in_parallel<std::string>(agents, 4, [&](int i) {
    return kefu::testing::log_in(port, "load" + std::to_string(i), "load-agent-pass");
  });
  const auto tokens = in_parallel<std::string>(
      o.customers, 16, [&](int) { return kefu::testing::new_visitor(port); });
  IoThreads threads(o.client_threads);
  LoadRun run;
  configure(run, o);
  auto agent_list = open_agents(run, threads.io, port, cookies);
  auto customers = open_customers(run, threads.io, port, tokens);
  run.customers = customers;
  if (!wait_until([&] { return run.ready == o.customers && run.assigned == o.customers; }, 60)) {
    std::cerr << "kefu-load: only " << run.ready << " customers ready and " << run.assigned
              << " conversations assigned of " << o.customers << "\n";
  }
  Measured m = measure(run, customers, agent_list, server, o.seconds);
  server.stop();
  return m;
}

Measured run_echo(const Options& o) {
  ServerProcess server;
  server.start({o.echo, std::to_string(o.server_threads), "0"});
  IoThreads threads(o.client_threads);
  LoadRun run;
  configure(run, o).echo = true;
  std::vector<std::shared_ptr<LoadCustomer>> clients;
  std::vector<std::shared_ptr<LoadAgent>> none;
  for (int i = 0; i < o.customers; ++i) {
    clients.push_back(std::make_shared<LoadCustomer>(
        run, i,
        std::make_shared<LoadSocket>(threads.io, server.port(), "/echo",
                                     loopback_origin(server.port()))));
    clients.back()->open();
  }
  wait_until([&] { return run.ready == o.customers; }, 30);
  Measured m = measure(run, clients, none, server, o.seconds);
  server.stop();
  return m;
}

struct IdleFigures {
  int open = 0;
  long rss_before_kb = 0, rss_kb = 0;
  double seconds_to_open = 0;
};

IdleFigures run_idle(const Options& o, const std::string& folder) {
  const std::string db = fresh_database(o, folder);
  ServerProcess server;
  start_kefu(server, o, db, folder);
  const auto port = server.port();
  IdleFigures f;
  const auto tokens =
      in_parallel<std::string>(o.idle, 32, [&](int) { return kefu::testing::new_visitor(port); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  f.rss_before_kb = server.rss_kb();
  IoThreads threads(o.client_threads);
  std::atomic<int> opened{0}, failed{0};
  std::vector<std::shared_ptr<LoadSocket>> sockets;
  const auto t0 = Clock::now();
  for (int i = 0; i < o.idle; ++i) {
    // At most 500 handshakes in flight, like a crowd of widgets loading, not a SYN flood.
    wait_until([&] { return i - opened - failed < 500; }, 30);
    sockets.push_back(std::make_shared<LoadSocket>(
        threads.io, port, "/ws/customer", loopback_origin(server.port()), "",
        kefu::testing::customer_subprotocols(tokens[static_cast<std::size_t>(i)])));
    sockets.back()->open([&](bool ok) { ++(ok ? opened : failed); }, [](std::string_view) {});
  }
  wait_until([&] { return opened + failed == o.idle; }, 120);
  f.seconds_to_open = std::chrono::duration<double>(Clock::now() - t0).count();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  f.open = static_cast<int>(
      std::count_if(sockets.begin(), sockets.end(), [](const auto& s) { return !s->ended(); }));
  f.rss_kb = server.rss_kb();
  server.stop();
  return f;
}

void raise_file_limit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

void print_row(const char* name, const Measured& m, double per_s, const char* unit) {
  std::printf(
      "%-26s %10.0f %-12s ack p50/p99/p99.9 %6.2f/%6.2f/%6.2f ms  server CPU %4.0f%%  RSS %6ld KiB "
      " errors %ld\n",
      name, per_s, unit, m.ack.p50, m.ack.p99, m.ack.p999, m.server_cpu_percent, m.server_rss_kb,
      m.errors);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  po::options_description d("kefu-load options");
  d.add_options()("help,h", "show this help")("kefu", po::value(&o.kefu)->default_value(o.kefu),
                                              "the kefu binary")(
      "echo-server", po::value(&o.echo)->default_value(o.echo), "the echo server binary")(
      "customers", po::value(&o.customers)->default_value(o.customers),
      "customer sockets (0: only the idle connections)")(
      "agents", po::value(&o.agents)->default_value(o.agents),
      "agent sockets (raised so that agents x capacity covers the customers)")(
      "capacity", po::value(&o.capacity)->default_value(o.capacity), "chat capacity of each agent")(
      "window", po::value(&o.window)->default_value(o.window),
      "unacknowledged messages per customer (closed loop)")(
      "rate", po::value(&o.rate)->default_value(o.rate),
      "customer messages per second in all (open loop); 0: as fast as the window allows")(
      "seconds", po::value(&o.seconds)->default_value(o.seconds), "length of each measured phase")(
      "size", po::value(&o.text_bytes)->default_value(o.text_bytes), "message text bytes")(
      "no-reply", po::bool_switch(&o.no_reply), "agents do not answer")(
      "no-echo", po::bool_switch(&o.no_echo), "skip the echo baseline")(
      "idle", po::value(&o.idle)->default_value(o.idle),
      "also hold this many idle widget connections on a fresh server and report its RSS")(
      "server-threads", po::value(&o.server_threads)->default_value(o.server_threads),
      "network threads of the servers")(
      "client-threads", po::value(&o.client_threads)->default_value(o.client_threads),
      "threads of the load generator")("synchronous",
                                       po::value(&o.synchronous)->default_value(o.synchronous),
                                       "kefu serve --synchronous")(
      "db-dir", po::value(&o.db_dir)->default_value(o.db_dir),
      "folder for the server's database; a tmpfs (/dev/shm) shows the latency without the "
      "disk's sync")("json", po::value(&o.json_path)->default_value(o.json_path),
                     "where to write the figures");
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
  if (o.customers < 0 || o.window < 1 || o.capacity < 1 || o.seconds <= 0) {
    std::cerr << "customers, window and capacity must be positive\n";
    return 2;
  }
  raise_file_limit();
  std::string pattern = o.db_dir + "/kefu-load-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror(("kefu-load: " + o.db_dir).c_str());
    return 1;
  }
  const std::string folder = pattern;
  json::object out;
  int status = 0;
  try {
    const std::string mode =
        o.rate > 0 ? "open loop " + std::to_string(static_cast<long>(o.rate)) + " msgs/s"
                   : "closed loop, window " + std::to_string(o.window);
    if (o.customers > 0)
      std::printf("kefu-load: %d customers, %s, %zu-byte texts, agents %s, %.0f s per phase\n",
                  o.customers, mode.c_str(), o.text_bytes, o.no_reply ? "silent" : "answer each",
                  o.seconds);
    if (o.customers > 0) {
      const Measured relay = run_relay(o, folder);
      const double relay_rate = relay.to_agents / relay.seconds;
      print_row("kefu relay (to agents)", relay, relay_rate, "msgs/s");
      std::printf(
          "%-26s customer->agent p50/p99/p99.9 %6.2f/%6.2f/%6.2f ms   agent->customer "
          "%6.2f/%6.2f/%6.2f ms\n",
          "", relay.to_agent.p50, relay.to_agent.p99, relay.to_agent.p999, relay.to_customer.p50,
          relay.to_customer.p99, relay.to_customer.p999);
      std::printf(
          "%-26s sent %ld, acked %ld, delivered to agents %ld, replies acked %ld, delivered to "
          "customers %ld, rate_limited %ld\n",
          "", relay.sent, relay.acked, relay.to_agents, relay.replies_acked, relay.to_customers,
          relay.rate_limited);
      out["relay_msgs_per_s"] = relay_rate;
      out["relay_acked_per_s"] = relay.acked / relay.seconds;
      out["relay_replies_per_s"] = relay.replies_acked / relay.seconds;
      out["relay_p99_ms"] = relay.to_agent.p99;
      out["relay_customer_to_agent"] = to_json(relay.to_agent);
      json::array by_second;
      std::printf("%-26s customer->agent p99 by second sent (ms):", "");
      for (const auto& p : relay.to_agent_by_second) {
        by_second.push_back(to_json(p));
        std::printf(" %.0f", p.p99);
      }
      std::printf("\n");
      out["relay_customer_to_agent_by_second"] = std::move(by_second);
      out["relay_agent_to_customer"] = to_json(relay.to_customer);
      out["relay_customer_ack"] = to_json(relay.ack);
      out["relay_agent_ack"] = to_json(relay.agent_ack);
      out["relay_errors"] = relay.errors;
      out["relay_sockets_dropped"] = relay.dropped;
      if (relay.dropped > 0) {
        std::printf("%-26s %ld sockets were dropped by the server (too slow to read?)\n", "",
                    relay.dropped);
      }
      out["relay_rate_limited"] = relay.rate_limited;
      out["relay_server_cpu_percent"] = relay.server_cpu_percent;
      // Server CPU per message it stored and relayed (customer messages and agents' replies):
      // steadier than a rate on a machine whose other users take the cores.
      const long relayed = relay.to_agents + relay.replies_acked;
      out["relay_server_cpu_us_per_message"] =
          relayed > 0 ? 1e6 * relay.server_cpu_seconds / static_cast<double>(relayed) : 0.0;
      out["relay_generator_cpu_percent"] = relay.generator_cpu_percent;
      out["relay_load_average"] = relay.load_average;
      std::printf(
          "%-26s server CPU %.1f us per relayed message (%ld customer + agent messages); "
          "load generator CPU %.0f%%; load average %.1f\n",
          "", out["relay_server_cpu_us_per_message"].as_double(), relayed,
          relay.generator_cpu_percent, relay.load_average);
      out["relay_server_rss_kb"] = relay.server_rss_kb;
      if (!o.no_echo) {
        const Measured echo = run_echo(o);
        const double echo_rate = echo.acked / echo.seconds;
        print_row("bare echo (round trips)", echo, echo_rate, "rt/s");
        std::printf("%-26s relay / echo = %.3f\n", "", relay_rate / echo_rate);
        out["echo_round_trips_per_s"] = echo_rate;
        out["echo_round_trip"] = to_json(echo.ack);
        out["echo_server_cpu_percent"] = echo.server_cpu_percent;
        out["echo_server_cpu_us_per_round_trip"] =
            echo.acked > 0 ? 1e6 * echo.server_cpu_seconds / static_cast<double>(echo.acked) : 0.0;
        out["echo_generator_cpu_percent"] = echo.generator_cpu_percent;
        out["echo_load_average"] = echo.load_average;
        std::printf(
            "%-26s server CPU %.1f us per round trip; load generator CPU %.0f%%; load "
            "average %.1f\n",
            "", out["echo_server_cpu_us_per_round_trip"].as_double(), echo.generator_cpu_percent,
            echo.load_average);
        out["relay_to_echo_ratio"] = relay_rate / echo_rate;
      }
    }
    if (o.idle > 0) {
      const IdleFigures idle = run_idle(o, folder);
      std::printf(
          "%-26s %d of %d open after %.1f s; server RSS %ld KiB (%ld KiB before, %.1f KiB each)\n",
          "idle widget connections", idle.open, o.idle, idle.seconds_to_open, idle.rss_kb,
          idle.rss_before_kb,
          idle.open > 0 ? double(idle.rss_kb - idle.rss_before_kb) / idle.open : 0.0);
      out["idle_connections"] = idle.open;
      out["idle_conn_rss_kb"] = idle.rss_kb;
      out["idle_rss_before_kb"] = idle.rss_before_kb;
      if (idle.open < o.idle) status = 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "kefu-load: " << e.what() << "\n";
    status = 1;
  }
  std::error_code ignored;
  std::filesystem::remove_all(folder, ignored);
  std::ofstream(o.json_path) << json::serialize(out) << "\n";
  return status;
}
