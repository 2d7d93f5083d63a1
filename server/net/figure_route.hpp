#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// GET /api/reports/figure?figure=NAME&from=MS&to=MS[&queue=|&team=|&channel=|&agent=]
// (supervisors and admins): the conversations behind one KPI figure, with the customers' and
// agents' names (docs/protocol.md, "KPI drill-down"). Returns false when the target is another
// path. `reply` is called exactly once, possibly later and from the back-office strand.
bool handle_figure_report(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
