#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// GET and PUT /api/admin/retention (docs/protocol.md, "Admin: retention"), admins only: how
// many days message text is kept (null: for ever, the default). A save sweeps at once.
// Returns false for other targets.
bool handle_retention_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
