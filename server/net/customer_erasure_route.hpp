#pragma once

#include <cstdint>

#include "server/net/http_types.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// DELETE /api/customers/{id} for an admin (the caller checked the role): erases the customer
// and everyone merged into them everywhere, in this order, so that nothing of theirs is written
// after the erasure (docs/security/erasure.md):
// 1. the back office finds the family (404 `not_found` for an unknown id);
// 2. the desk closes their sockets (1008), refuses their new sockets and tickets, and blanks
//    its own copies of their subjects and names (ContactCentre::end_customers);
// 3. a probe batch goes through the store behind every write the desk queued before, so their
//    last messages are committed before they are blanked;
// 4. the back office erases (customers::erase_customer: visitor tokens deleted, so the tokens
//    are refused from then on; zeroed pages; with it, in the same transaction, their mail
//    threads' addresses and replies and their attachments), care forgets them
//    (CareOffice::erase_customers), and the log is truncated.
// `reply` is called once: 204, or 503 `unavailable` when a step failed (then retry: erasing
// again is harmless).
void erase_customer_everywhere(Request req, ServerState& state, Reply reply,
                               std::int64_t customer_id, std::int64_t now);

}  // namespace kefu::net
