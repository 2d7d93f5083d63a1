#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The admins' learned-question endpoints of docs/protocol.md ("Knowledge-base learned
// questions (admin)"): GET /api/kb/articles/{id}/learned lists what the shop's conversations
// taught the search about an article, DELETE /api/kb/articles/{id}/learned/{learned_id}
// removes one. 401 without a session, 403 for agents and supervisors, 404 for an unknown
// article or a learned question of another article; a refusal changes nothing. Returns false
// for other targets; `reply` is called once, later, from the back office strand.
bool handle_kb_learned_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
