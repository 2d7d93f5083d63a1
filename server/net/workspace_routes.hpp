#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The agent's workspace over REST (docs/protocol.md, "Inbox views", "Private notes"):
// GET /api/conversations?view=mine|unassigned|team|resolved|mentions&q=&channel=&status=&sla=
//     &tag=&queue=&limit=&offset= — one page of an inbox view, with every view's count;
// GET /api/conversations/{id}/notes — a conversation's private notes, for the staff who may
//     read them (ConversationNotes; 404 for others).
// Staff session cookie only (401 otherwise). Returns false when the target is neither; else
// `reply` is called once, later, from the back office's strand.
bool handle_workspace_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
