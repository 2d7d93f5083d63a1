#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The customer REST endpoints of docs/protocol.md: the shop's signed order webhook
// (/api/shop/orders) and the staff's /api/customers calls (search, view, notes, tags, erasure).
// Returns false when the target is not one of them; otherwise `reply` is called once, later,
// from the back office's strand.
bool handle_customer_api(Request& req, ServerState& state, Reply& reply);

// The customer reads, for a caller already authenticated (staff, or an API key with
// customers:read): GET /api/customers?q= (search) and GET /api/customers/{id} (the customer
// view). Returns false, answering nothing, for any other request.
bool serve_customer_read(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
