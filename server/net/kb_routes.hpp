#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The knowledge-base endpoints of docs/protocol.md: /api/kb/search and /api/kb/feedback for
// the widget (visitor token), /api/kb/used for agents. Returns false for other targets.
bool handle_kb_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
