#pragma once

#include <boost/beast/http/message.hpp>

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// Attachments (docs/protocol.md, "Attachments"): images and PDFs of a conversation, from its
// customer (Bearer visitor token) or its staff (session cookie).
// POST /api/conversations/{id}/attachments?name=FILE — the raw bytes as the body (type sniffed
//   from them, at most ServeSettings::attachment_max_bytes); 201 {"attachment":{...}}, and an
//   `attachment` frame to the conversation's staff and customer sockets;
// GET /api/conversations/{id}/attachments — {"attachments":[...]}, oldest first;
// GET /api/attachments/{id} — the bytes, as a download (Content-Disposition: attachment,
//   nosniff, a sandboxing CSP), never as a page.
// Only the conversation's customer and its staff (its agent now or last, a colleague in its
// notes, supervisors and admins; uploads: its agent now, supervisors, admins); 404 for anyone
// else. Returns false when the target is none of these.
bool handle_attachment_api(Request& req, ServerState& state, Reply& reply);

// True for an upload's header (POST .../attachments): its body may be larger than others'.
bool is_attachment_upload(const boost::beast::http::request_header<>& header);

}  // namespace kefu::net
