#pragma once

#include <ostream>

#include "server/net/serve_settings.hpp"

namespace kefu::net {

// Runs the Kefu server until SIGINT or SIGTERM: opens (and migrates) the store, listens,
// prints "listening on http://ADDRESS:PORT" to `out`, and serves. On a signal it stops
// accepting, closes every socket with 1001, waits for the store to commit what it holds and
// returns 0. Throws if the store cannot be opened or the address cannot be bound.
int serve(const ServeSettings& settings, std::ostream& out);

}  // namespace kefu::net
