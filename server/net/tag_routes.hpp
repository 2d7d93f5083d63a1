#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The tag catalogue (docs/protocol.md, "Admin: tags"):
//   GET    /api/tags                 any staff: every tag with its labels (agents pick from it)
//   POST   /api/admin/tags           admins: {"name","label_zh","label_en"} -> 201
//   PUT    /api/admin/tags/{name}    admins: {"label_zh","label_en","retired"?} -> 200
//   DELETE /api/admin/tags/{name}    admins: retires it -> 200
// Bad input is a typed 400 (bad_tag, duplicate_tag) and changes nothing; changes are audited
// (tag_created, tag_updated, tag_retired). Returns false for any other path.
bool handle_tag_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
