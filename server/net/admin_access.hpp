#pragma once

#include <optional>

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The admin behind the request's session cookie. Answers 401 (no session) or 403 (not an
// admin) itself and returns nothing then.
std::optional<StaffParty> admin_only(const Request& req, ServerState& state, const Reply& reply);

}  // namespace kefu::net
