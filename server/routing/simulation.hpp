#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/routing/decision.hpp"
#include "server/routing/model.hpp"

// A discrete-event simulation of a contact centre day (or two thousand of them) that drives the
// real RoutingEngine with a virtual clock. Used by `kefu simulate` and by the Erlang C test.
namespace kefu::routing {

// From from_hours on, this many agents are online (the rest go away after their current work).
struct StaffingStep {
  double from_hours = 0;
  int agents = 0;
};

// One queue with Poisson arrivals at the given rate.
struct SimulatedQueue {
  std::string name;
  double arrival_rate_per_second = 0;
};

struct SimulationConfig {
  int agents = 1;                            // online from the start
  std::vector<StaffingStep> staffing;        // later changes of the number online, by time
  std::vector<SimulatedQueue> queues;        // every agent serves every queue
  double handle_time_seconds = 180;          // mean of exponential handle times...
  std::vector<double> handle_times_seconds;  // ...or, if not empty, drawn from these
  int chat_capacity = 1;                     // conversations an agent handles at once
  double hours = 1;                          // arrivals stop after this; the rest is served
  double target_seconds = 20;                // service-level threshold
  std::optional<double> patience_seconds;    // mean of exponential patience; empty: nobody leaves
  std::uint64_t seed = 1;
  bool keep_contacts = false;  // fill SimulationResult::contacts
};

// What happened to one contact (times in ms of virtual time since the start).
struct ContactOutcome {
  ConversationId id = 0;
  std::string queue;
  TimeMs arrival_ms = 0;
  std::optional<TimeMs> answered_ms;
  std::optional<TimeMs> abandoned_ms;
  std::optional<TimeMs> ended_ms;
  std::optional<AgentId> agent;
};

// Figures over the contacts that arrived before the end of `hours`.
struct SimulationResult {
  long offered = 0;
  long answered = 0;
  long answered_within_target = 0;
  long abandoned = 0;
  double service_level = 0;         // answered within target / (answered + abandoned)
  double asa_seconds = 0;           // mean wait of the answered
  double abandonment_rate = 0;      // abandoned / offered
  double occupancy = 0;             // busy slot time / staffed slot time, within `hours`
  double offered_load_erlangs = 0;  // total arrival rate x mean handle time
  // Erlang C for agents x chat_capacity servers, the total rate and the mean handle time.
  double erlang_c_service_level = 0;
  double erlang_c_asa_seconds = 0;       // infinity when the load is too high
  EstimateAccuracy estimates;            // wait estimates shown vs actual waits, all queues
  std::vector<ContactOutcome> contacts;  // when keep_contacts, in order of arrival
};

// Runs the simulation. Throws std::invalid_argument for a configuration it cannot run.
SimulationResult run_simulation(const SimulationConfig& config);

}  // namespace kefu::routing
