#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The staff's conversation REST endpoints of docs/protocol.md:
// GET /api/conversations/{id}/messages[?after=SEQ&limit=N] — a past conversation's transcript,
// read-only, for any signed-in staff member (who may read the customer view it is listed in).
// Returns false when the target is not one of them; otherwise `reply` is called once, later,
// from the back office's strand.
bool handle_conversation_api(Request& req, ServerState& state, Reply& reply);

// GET /api/conversations/{id}/messages for a caller already authenticated (staff, or an API key
// with conversations:read): answers 404/405/400 itself, else the page, later, from the back
// office's strand.
void serve_transcript(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
