#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace kefu::routing {

// `kefu simulate`: runs the simulator on one queue and prints a readable summary whose last
// line is one JSON object with at least service_level, asa_seconds, abandonment_rate,
// occupancy, erlang_c_service_level and erlang_c_asa_seconds (null when the load is too high).
//
// args are the flags after the command name:
//   --agents N --arrival-rate PER_SECOND --handle-time SECONDS --hours H --target SECONDS
//   --seed S  (all required)
//   [--patience SECONDS] [--handle-times-file PATH] [--capacity N] [--staffing H:N,H:N...]
// Returns 0 on success, 2 on bad arguments (the message goes to out, nothing is simulated).
int run_simulate_command(const std::vector<std::string>& args, std::ostream& out);

}  // namespace kefu::routing
