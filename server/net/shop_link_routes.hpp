#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The admin console's "Integration" tab (docs/protocol.md, "Admin: the shop's integration"),
// admins only:
//   GET  /api/admin/shop                              the secrets' state (never a key), the
//                                                     allowed origins, the embed snippet
//   POST /api/admin/shop/secrets/{kind}/rotate        {"overlap_seconds":N} -> the new key, once
//   PUT  /api/admin/shop/origins                      {"allowed_origins":[origin...]}
//   POST /api/admin/shop/test-order                   a sample order through POST /api/shop/orders
// Changes are audited (shop_secret_rotated, shop_origins_updated) and live at once. Returns
// false for any other path.
bool handle_shop_link_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
