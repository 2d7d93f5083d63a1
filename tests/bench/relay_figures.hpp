#pragma once

#include <string>
#include <vector>

namespace kefu::load {

// What one measured phase of the load parties (tests/bench/load_party) gave.
struct RelayFigures {
  double seconds = 0;
  long customer_acked = 0;  // customer messages acknowledged (after COMMIT)
  long replies_acked = 0;   // agent replies acknowledged
  long errors = 0;
  long to_agents = 0;      // customer messages agents received
  int assigned = 0;        // chats announced to the agents when the phase began
  int sockets_ended = 0;   // sockets of the phase that closed before its end (a desk that moved)
  double acked_per_s = 0;  // both, per second: every durably acknowledged message
  double ack_p50_ms = 0, ack_p99_ms = 0;  // a customer message's send -> ack
  // Delivery: a customer's send -> the agent's socket receives it, an agent's answer -> the
  // customer's socket receives it, and both together.
  double to_agent_p50_ms = 0, to_agent_p99_ms = 0;
  double to_customer_p50_ms = 0, to_customer_p99_ms = 0;
  double delivery_p50_ms = 0, delivery_p99_ms = 0;
};

// Opens `customers` widgets on the node at `customer_port` and one console per cookie on the
// node at `agent_port` (the same port: one node; two ports: every message crosses from one node
// to the other), waits until every customer has a conversation assigned, then measures for
// `seconds`: closed loop (each customer keeps `window` messages unacknowledged or undelivered)
// when `rate` is 0, else open loop at `rate` customer messages per second in all. Agents answer
// every message.
RelayFigures measure_relay(unsigned short customer_port, unsigned short agent_port,
                           const std::vector<std::string>& agent_cookies, int customers, int window,
                           double rate, double seconds);

// Adds `count` agents (bench<first>.., chat capacity `capacity`, password bench-agent-pass)
// with `kefu user add` and the store options given (--db F or --store URI); false if it failed.
bool add_bench_agents(const std::string& kefu, const std::vector<std::string>& store, int first,
                      int count, int capacity);

// Logs the bench agents bench<first>.. in at `port`.
std::vector<std::string> log_in_bench_agents(unsigned short port, int first, int count);

}  // namespace kefu::load
