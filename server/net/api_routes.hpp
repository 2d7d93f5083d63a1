#pragma once

#include <optional>
#include <string>

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// Answers the REST endpoints of docs/protocol.md ("HTTP"): /healthz, /api/login,
// /api/logout, /api/me, /api/widget/visitor, /api/tickets. Returns false when the target is
// not one of them. A cross-site request to an /api/ route is refused first, before any route
// sees it (OriginPolicy::cross_site_refusal); /metrics asks for the metrics token. `reply` is
// called exactly once, possibly later and from another thread (password hashing runs on the auth
// pool, writes wait for the store). `peer` is the client's IP address, for the limits per
// address (docs/security/limits.md).
bool handle_api(Request&& req, ServerState& state, Reply reply, const std::string& peer = "");

// Adds CORS headers for an allow-listed Origin (the widget on a shop's pages).
void allow_cross_origin(const Request& req, ServerState& state, Response& res);

// The value of the kefu_session cookie in a request, or "".
std::string session_cookie(const Request& req);

// GET /api/reports?from=MS&to=MS[&format=csv] for a caller already authenticated (a supervisor
// or admin, or an API key with reports:read): validates the range and answers from the back
// office.
void serve_report(Request&& req, ServerState& state, Reply reply);

// POST /api/tickets {"subject","text","email"?} for a caller already authenticated: opens a
// ticket for the visitor's customer `customer_id`, or for a new customer when it is empty
// (staff, API keys with tickets:write).
void serve_ticket(Request&& req, ServerState& state, Reply reply,
                  std::optional<std::int64_t> customer_id);

}  // namespace kefu::net
