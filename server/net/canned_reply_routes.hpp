#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// Canned replies kept on the server (docs/protocol.md, "Canned replies"):
// GET /api/canned-replies[?locale=zh|en], POST /api/canned-replies,
// PUT and DELETE /api/canned-replies/{id}, GET /api/canned-replies/{id}/text?conversation_id=N.
// Any staff member keeps personal replies; admins keep the shared ones. Staff session cookie
// only. Returns false when the target is none of them; else `reply` is called once, later,
// from the back office's strand.
bool handle_canned_reply_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
