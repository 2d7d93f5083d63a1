#pragma once

#include <vector>

#include "server/admin/sla_policy.hpp"
#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The SLA policies (docs/protocol.md, "Admin: SLA policies"): GET /api/admin/sla and
// PUT /api/admin/sla/{chat|ticket} for admins, GET /api/sla for any signed-in staff (the
// console's badge). A saved policy is applied at once to every judge of time: the desk's
// at-risk list, the service level (BackOffice) and the quality score's reply target. Returns
// false for other targets.
bool handle_admin_sla_api(Request& req, ServerState& state, Reply& reply);

// Applies the policies to the desk, the service level and the quality score (on the back office
// strand). At start and after each save.
void apply_sla_policies(ServerState& state, const std::vector<admin::SlaPolicy>& policies);

}  // namespace kefu::net
