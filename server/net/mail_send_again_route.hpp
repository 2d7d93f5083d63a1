#pragma once

#include "server/net/http_types.hpp"

namespace kefu::net {

class ServerState;

// POST /api/mail/conversations/{id}/replies/{seq}/send-again: an agent's explicit decision to
// send a reply whose delivery is `uncertain` once more (Kefu never does it by itself). For the
// conversation's agent, supervisors and admins; audited as a `mail_sent_again` event (durable
// before the reply is queued again). 200 {"conversation_id","seq","state":"queued"}; 401
// unauthorized; 404 not_found (no such conversation for the caller, or no such reply); 409
// not_uncertain (the reply is queued, sending, sent or failed: nothing changes, nothing is
// logged); 405 for another method. Returns false when the path is not this route's.
bool handle_mail_send_again(Request& req, ServerState& state, Reply& reply);

}  // namespace kefu::net
