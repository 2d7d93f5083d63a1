#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The admin behind the request's session cookie. Answers 401 (no session) or 403 (not an
// admin) itself and returns nothing then.
std::optional<StaffParty> admin_only(const Request& req, ServerState& state, const Reply& reply);

// The supervisor or admin behind the request's session cookie (reports, figures, alerts).
// Answers 401 (no session) or 403 (an agent) itself and returns nothing then.
std::optional<StaffParty> supervisor_only(const Request& req, ServerState& state,
                                          const Reply& reply);

// A query parameter holding milliseconds since the epoch: digits only, the whole text, not
// negative ("12abc", "", "-1" and overflows give nothing).
std::optional<std::int64_t> parse_ms(std::string_view text);

}  // namespace kefu::net
