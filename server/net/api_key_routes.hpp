#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// True when the request presents an API key: `Authorization: Bearer kefu.…`
// (integration::ApiKeys::kKeyStart). A visitor token never starts that way.
bool presents_api_key(const Request& req);

// Serves an /api/ request that presents an API key (docs/protocol.md, "API keys"). A key opens
// only GET /api/events, GET /api/reports, GET /api/customers[/{id}],
// GET /api/conversations/{id}/messages and POST /api/tickets, each with its scope; never a
// staff route, socket or page. Refusals: 400 `ambiguous_credentials` (a staff session cookie
// too), 403 `not_for_api_keys` (another endpoint), 401 `invalid_api_key` (unknown or revoked),
// 429 `rate_limited` with Retry-After, 403 `insufficient_scope`. `reply` is called once,
// possibly later from the back office's strand.
void handle_keyed_api(Request&& req, ServerState& state, Reply reply);

// The admins' key management: POST /api/admin/api-keys (create; the only answer holding the
// key), GET /api/admin/api-keys (list, no secrets), DELETE /api/admin/api-keys/{id} (revoke).
// 401 without a staff session, 403 for agents and supervisors. Returns false when the target
// is not one of them.
bool handle_api_key_admin(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
