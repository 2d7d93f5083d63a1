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

// What a standby answers when the desk took the request but its answer did not come back whole
// (the request may have taken effect: the client must not retry blindly):
// - 502 `{"error":"bad_gateway","message":WHY}`: the desk's answer was not HTTP or was cut short
//   (the desk closed or was killed) before the relay sent any of it on;
// - 504 `{"error":"desk_timeout","message":WHY}`: none of the answer within the request timeout.
// (Once the relay has sent the answer's header on, a failure cuts the client's connection.)
// Both `Cache-Control: no-store`, keep-alive as the client asked.
Response bad_gateway_answer(const Request& req, std::string_view why);
Response desk_timeout_answer(const Request& req, std::string_view why);

}  // namespace kefu::net
