#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The admins' synonym endpoints of docs/protocol.md ("Knowledge-base synonyms (admin)"):
// GET/POST /api/kb/synonyms, DELETE /api/kb/synonyms/{id}. 401 without a session, 403 for
// agents and supervisors; a rejected group is a 400 and changes nothing. A change reindexes
// the articles at once (the widget search and suggestions use it). Returns false for other
// targets; `reply` is called once, later, from the back office strand.
bool handle_kb_synonym_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
