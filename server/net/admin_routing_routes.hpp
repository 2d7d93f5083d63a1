#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The admin console's teams and queues (docs/protocol.md, "Admin: routing setup"):
// GET /api/admin/routing, GET /api/admin/audit (the admin changes), POST /api/admin/teams,
// PUT /api/admin/teams/{name}[/hours],
// POST /api/admin/queues, PUT /api/admin/queues/{name}, POST /api/admin/queues/{name}/retire.
// Admins only (401 without a session, 403 for others). Work runs on the back office strand
// (RoutingSetup); the desk uses a stored change at once (queues, members' teams), and a
// retirement answers once the desk moved the waiting. Bad input: 400 with a typed error and
// nothing changed. Returns false for other targets.
bool handle_admin_routing_api(Request& req, ServerState& state, Reply& reply);

// Every active configured queue as routing runs it (at start, before the back office strand
// runs; the desk takes them before it loads conversations).
std::vector<routing::QueueConfig> configured_queues(ServerState& state);

}  // namespace kefu::net
