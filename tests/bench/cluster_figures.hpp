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

}  // namespace kefu::load
