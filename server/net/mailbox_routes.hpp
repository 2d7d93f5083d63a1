#pragma once

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The e-mail channel's endpoints (docs/protocol.md, "Admin: mailboxes" and "E-mail"):
// /api/admin/mailboxes[/{id}] (GET list, POST add, PUT change) for admins only (401 without a
// session, 403 for others), validated by mail::check_mailbox, passwords sealed
// (mail::PasswordSeal) and never returned; and GET /api/mail/conversations/{id}, how a
// conversation's replies reach its customer (the address, each reply's delivery state), for the
// conversation's agent and for supervisors and admins. Bad input gets a 400 with a typed error
// and changes nothing. Returns false for other targets.
bool handle_mailbox_api(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
