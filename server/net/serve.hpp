#pragma once

#include <ostream>

#include "server/net/serve_settings.hpp"

namespace kefu::net {

// Runs the Kefu server until SIGINT or SIGTERM: opens (and migrates) the store, listens,
// prints "listening on http://ADDRESS:PORT" to `out`, and serves. On a signal it stops
// accepting, closes every socket with 1001, waits for the store to commit what it holds and
// returns 0. Throws if the store cannot be opened or the address cannot be bound. With a bus
// (`settings.bus`, several nodes on PostgreSQL) the node is a DeskCandidate instead: it serves
// only while it is the elected desk, and exits with 75 when it loses it.
int serve(const ServeSettings& settings, std::ostream& out);

}  // namespace kefu::net
