#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// GET /api/reports/conversations.csv?from=MS&to=MS (supervisors and admins): one CSV row per
// conversation opened in [from, to), at most 400 days (docs/protocol.md, docs/metrics.md).
// Returns false when the target is another path. `reply` is called exactly once, possibly
// later and from the back-office strand.
bool handle_conversation_report(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
