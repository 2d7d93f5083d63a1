#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// GET and PUT /api/alerts/thresholds (supervisors and admins): the alert thresholds on the live
// figures (docs/protocol.md, "Alerts"). Returns false when the target is another path. `reply`
// is called exactly once, possibly later and from the back-office strand.
bool handle_alert_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
