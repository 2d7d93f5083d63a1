#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// GET /api/reports/series?from=MS&to=MS&step=hour|day (supervisors and admins): the KPIs per
// hour (at most 7 days) or per local day (at most 400 days), per queue and agent, for the
// supervisor's charts (docs/protocol.md). Returns false when the target is another path.
// `reply` is called exactly once, possibly later and from the back-office strand.
bool handle_series_report(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
