#include "tests/bench/relay_figures.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include "tests/bench/io_threads.hpp"
#include "tests/bench/load_parties.hpp"
#include "tests/bench/load_party.hpp"
#include "tests/bench/server_process.hpp"
#include "tests/support/test_client.hpp"

namespace kefu::load {
namespace {

double percentile_ms(std::vector<std::uint32_t> us, double p) {
  if (us.empty()) return 0;
  std::sort(us.begin(), us.end());
  return us[std::min(us.size() - 1, static_cast<std::size_t>(p * static_cast<double>(us.size())))] /
         1000.0;
}

}  // namespace

RelayFigures measure_relay(unsigned short customer_port, unsigned short agent_port,
                           const std::vector<std::string>& agent_cookies, int customers, int window,
                           double rate, double seconds) {
  std::vector<std::string> tokens;
  for (int i = 0; i < customers; ++i) tokens.push_back(kefu::testing::new_visitor(customer_port));
  IoThreads threads(2);
  LoadRun run;
  run.window = window;
  run.rate_each = rate > 0 ? rate / customers : 0;
  // Each side's Origin is the node it talks to (its own origin, as a page served there sends).
  auto agents = open_agents(run, threads.io, agent_port, agent_cookies);
  auto list = open_customers(run, threads.io, customer_port, tokens);
  run.customers = list;
  wait_until([&] { return run.ready == customers && run.assigned >= customers; }, 30);
  RelayFigures f;
  f.assigned = run.assigned;
  const auto t0 = std::chrono::steady_clock::now();
  run.sending = true;
  for (auto& c : list) c->start();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  f.customer_acked = run.acked;
  f.replies_acked = run.replies_acked;
  f.to_agents = run.to_agents;
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run.sending = false;
  for (auto& c : list) f.sockets_ended += c->ended() ? 1 : 0;
  for (auto& a : agents) f.sockets_ended += a->ended() ? 1 : 0;
  wait_until([&] { return run.acked + run.errors >= run.sent; }, 5);
  threads.stop();
  f.errors = run.errors;
  f.acked_per_s = static_cast<double>(f.customer_acked + f.replies_acked) / f.seconds;
  std::vector<std::uint32_t> ack, to_agent, to_customer;
  for (auto& c : list) {
    ack.insert(ack.end(), c->ack_us.begin(), c->ack_us.end());
    to_customer.insert(to_customer.end(), c->from_agent_us.begin(), c->from_agent_us.end());
  }
  for (auto& a : agents) {
    to_agent.insert(to_agent.end(), a->from_customer_us.begin(), a->from_customer_us.end());
  }
  f.ack_p50_ms = percentile_ms(ack, 0.5);
  f.ack_p99_ms = percentile_ms(ack, 0.99);
  f.to_agent_p50_ms = percentile_ms(to_agent, 0.5);
  f.to_agent_p99_ms = percentile_ms(to_agent, 0.99);
  f.to_customer_p50_ms = percentile_ms(to_customer, 0.5);
  f.to_customer_p99_ms = percentile_ms(to_customer, 0.99);
  std::vector<std::uint32_t> both = to_agent;
  both.insert(both.end(), to_customer.begin(), to_customer.end());
  f.delivery_p50_ms = percentile_ms(both, 0.5);
  f.delivery_p99_ms = percentile_ms(both, 0.99);
  return f;
}

bool add_bench_agents(const std::string& kefu, const std::vector<std::string>& store, int first,
                      int count, int capacity) {
  for (int i = first; i < first + count; ++i) {
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

std::vector<std::string> log_in_bench_agents(unsigned short port, int first, int count) {
  std::vector<std::string> cookies;
  for (int i = first; i < first + count; ++i) {
    cookies.push_back(kefu::testing::log_in(port, "bench" + std::to_string(i), "bench-agent-pass"));
  }
  return cookies;
}

}  // namespace kefu::load
