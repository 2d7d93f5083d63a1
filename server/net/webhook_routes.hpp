#pragma once

#include <cstdint>

#include "server/net/http_types.hpp"
#include "server/net/serve_settings.hpp"
#include "server/webhooks/webhook_dispatcher.hpp"

namespace kefu::net {

class ServerState;

// The dispatcher's settings from `kefu serve`'s (the allowed networks, the test schedule).
// Throws std::invalid_argument for a network or schedule it cannot read.
webhooks::DispatcherSettings webhook_settings(const ServeSettings& s);

// True when the path is one of the webhook routes (/api/webhooks…).
bool is_webhook_path(std::string_view path);

// The webhook subscriptions' REST routes (docs/webhooks.md) for an admin's session cookie:
// 401 without a session, 403 `forbidden` for agents and supervisors. Returns false when the
// target is not a webhook route.
bool handle_webhook_admin(Request& req, ServerState& state, Reply& reply);

// The same routes once the caller is known to be allowed: an admin (`actor` their users.id) or
// an API key with webhooks:manage (`actor` 0). `reply` may be called from the dispatcher's
// strand.
void serve_webhooks(Request&& req, ServerState& state, Reply reply, std::int64_t actor);

}  // namespace kefu::net
