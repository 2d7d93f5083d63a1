#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The admins' article endpoints of docs/protocol.md ("Knowledge-base articles (admin)"):
// GET/POST /api/kb/articles, GET/PUT/DELETE /api/kb/articles/{id}. 401 without a session, 403
// for agents and supervisors; a rejected article is a 400 naming the field and changes nothing.
// Returns false for other targets; `reply` is called once, later, from the back office strand.
bool handle_kb_article_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
