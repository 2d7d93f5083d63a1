#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// Answers the quality REST endpoints (docs/protocol.md, "Quality"): scored conversations,
// transcripts, reviews, calibration and the quality settings under /api/quality/. Returns false
// when the target is not one of them. `reply` is called exactly once, possibly later and from
// the back-office strand.
bool handle_quality_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
