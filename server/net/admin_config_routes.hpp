#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// Configuration as code over REST (docs/config.md), admins only: GET /api/admin/config (the
// whole configuration, never its secrets) and POST /api/admin/config/import[?dry_run=true]
// (the diff, applied in one transaction unless a dry run, and live at once: queues and staff on
// the desk, hours, SLA policies, quality settings, care rules). Returns false for other targets.
bool handle_admin_config_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
