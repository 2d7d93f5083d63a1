#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// GET /api/kb/read?article_id=N with the visitor token (docs/protocol.md, "Knowledge base for
// the widget"): the whole of a published article that this visitor's own search showed them
// lately, so the widget can open a suggestion in full. 401 without a known token, 400 for a
// missing or malformed id or another method, 403 `not_shown` for an article their searches did
// not show, 404 `not_found` for one that does not exist or is no longer published. Reads
// only: nothing is logged. Returns false for other targets.
bool handle_kb_reading(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
