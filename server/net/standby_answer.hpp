#pragma once

#include <string_view>

#include "server/net/http_types.hpp"

namespace kefu::net {

// What a standby node answers itself when it cannot relay a request to the desk
// (server/net/http_relay.hpp): 503 with `Retry-After: 1`, `Cache-Control: no-store` and
// `{"error":"standby","message":WHY}`, so that the client (or the load balancer) tries again in
// a second, when a desk has been elected or the lease names the new one.
Response standby_answer(const Request& req, std::string_view why);

// A standby's `GET /healthz` when the desk cannot be reached through it: 503 `standby\n`
// (text/plain) with `Retry-After: 1`. A load balancer takes the node out of rotation.
Response standby_health(const Request& req);

}  // namespace kefu::net
