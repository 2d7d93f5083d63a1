#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// Care and automation rules over REST (docs/protocol.md, "Admin: care rules" and "Care
// tasks"): /api/admin/rules[/{id}[/enable|/disable|/preview|/log]] for admins only (401
// without a session, 403 for others); /api/care/tasks[/{id}/close] for signed-in staff, each
// seeing only the tasks that are theirs, their team's or anyone's (supervisors and admins: all);
// /api/care/customers/{id}/preferences (GET, PUT) for signed-in staff, as every customer's data.
// Work runs on the back office strand (CareOffice). Bad input gets a 400 with a typed error and
// changes nothing. Returns false for other targets.
bool handle_care_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
