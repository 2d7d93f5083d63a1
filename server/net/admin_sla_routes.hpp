#pragma once

#include <vector>

#include "server/admin/routing_setup.hpp"
#include "server/admin/sla_policy.hpp"
#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The SLA policies (docs/protocol.md, "Admin: SLA policies"): GET /api/admin/sla,
// PUT /api/admin/sla/{channel}, and the queues' policies POST /api/admin/sla/queues,
// PUT and DELETE /api/admin/sla/queues/{queue}[/{priority}] for admins; GET /api/sla (the
// channels' policies) and GET /api/sla/clocks (the clocks of the caller's open conversations,
// every open one for a supervisor) for any signed-in staff. A saved policy is applied at once
// to every judge of time through the SlaBook. Returns false for other targets.
bool handle_admin_sla_api(Request& req, ServerState& state, Reply& reply);

// Applies the channels' policies to the settings that still hold per-channel copies (the
// service level's threshold, the quality settings' targets, the desk's fallback): after each
// save. At start the two halves run apart (ServerState::start): the desk's before it serves, the
// back office's once it has loaded its figures.
void apply_sla_policies(ServerState& state, const std::vector<admin::SlaPolicy>& policies);
// The desk's half: each channel's first-response target as its fallback (posted to the desk).
void apply_desk_reply_targets(ServerState& state, const std::vector<admin::SlaPolicy>& policies);
// The back office's half: the service level's threshold and the quality settings' targets (on
// the back office strand).
void apply_back_office_targets(ServerState& state, const std::vector<admin::SlaPolicy>& policies);

// Gives the SlaBook every policy and each queue's team from `setup` (on the back office
// strand): at start and after any SLA or queue change, so the next decision uses them.
void refresh_sla_book(ServerState& state, admin::RoutingSetup& setup);

}  // namespace kefu::net
