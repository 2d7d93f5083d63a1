#include "server/routing/erlang_c.hpp"

#include <cassert>
#include <cmath>
#include <limits>

namespace kefu::routing {

double erlang_b(int agents, double offered_load) {
  assert(agents >= 0 && offered_load >= 0);
  double blocking = 1.0;
  for (int k = 1; k <= agents; ++k) {
    blocking = offered_load * blocking / (k + offered_load * blocking);
  }
  return blocking;
}

double erlang_c(int agents, double offered_load) {
  if (offered_load >= agents) return 1.0;
  const double blocking = erlang_b(agents, offered_load);
  return agents * blocking / (agents - offered_load * (1.0 - blocking));
}

double erlang_c_service_level(int agents, double offered_load, double handle_time_seconds,
                              double target_seconds) {
  if (offered_load >= agents) return 0.0;
  const double waiting = erlang_c(agents, offered_load);
  return 1.0 - waiting * std::exp(-(agents - offered_load) * target_seconds / handle_time_seconds);
}

double erlang_c_asa(int agents, double offered_load, double handle_time_seconds) {
  if (offered_load >= agents) return std::numeric_limits<double>::infinity();
  return erlang_c(agents, offered_load) * handle_time_seconds / (agents - offered_load);
}

}  // namespace kefu::routing
