#pragma once

// Erlang C: the M/M/c queue (Poisson arrivals, exponential handle times, c agents, nobody
// abandons, first come first served). Used to check the simulator and, through it, the
// routing engine. Offered load A = arrival rate x average handle time, in erlangs.
//
// Computed through the Erlang B recursion B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)), which
// never forms A^c or c! and so stays accurate for thousands of agents; then
// C = c B / (c - A (1 - B)).
namespace kefu::routing {

// Probability that a contact is blocked in an Erlang B (loss) system.
double erlang_b(int agents, double offered_load);

// Probability that a contact waits at all; 1 when the queue is unstable (A >= c).
double erlang_c(int agents, double offered_load);

// Fraction answered within target_seconds: 1 - C e^{-(c - A) T / AHT}; 0 when unstable.
double erlang_c_service_level(int agents, double offered_load, double handle_time_seconds,
                              double target_seconds);

// Average speed of answer in seconds: C AHT / (c - A); infinity when unstable.
double erlang_c_asa(int agents, double offered_load, double handle_time_seconds);

}  // namespace kefu::routing
