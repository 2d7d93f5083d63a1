#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The admin console's staff endpoints and the one-time links of docs/protocol.md ("Admin:
// staff"): /api/admin/staff[/{id}[/deactivate|/reset-password|/sign-out]] for admins only (401
// without a session, 403 for others), /api/setup for the first admin and
// /api/invitations/{token} for invited staff and password resets (no session; the link is the
// credential). Work runs on the back office strand (StaffDirectory); the desk learns of
// deactivations, sign-outs and profile changes once they are stored. Bad input gets a 400 with
// a typed error and changes nothing. Returns false for other targets.
bool handle_admin_staff_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
