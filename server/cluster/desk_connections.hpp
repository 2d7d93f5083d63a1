#pragma once

#include <cstdint>
#include <string>

namespace kefu::cluster {

// The application_name every connection of the node serving as the desk carries (its store,
// back office, care, mail, admin connections; not its election's). A candidate that takes over
// from a desk whose lease ran out ends all of them, not only the one holding the desk's lock:
// a desk frozen (SIGSTOP, a paused VM) in the middle of a transaction keeps that transaction's
// row locks (meta rows, conversations, the lease row FOR SHARE) for as long as it is frozen, and
// the new desk would wait on them.
inline constexpr const char* kDeskApplicationName = "kefu-desk";

// `uri` (postgresql://...) with application_name set to kDeskApplicationName, whatever else its
// query holds, and, when `desk_epoch` is not 0, the session setting kefu.desk_epoch (libpq's
// `options`, added to any given): every connection opened with it fences its writes with that
// epoch (sql::PostgresConnection, DeskWriteFence) and records the assignments it changes with it
// (assignee_mirror_schema.hpp). Throws std::invalid_argument when `uri` is not a URI.
std::string desk_connection_uri(const std::string& uri, std::int64_t desk_epoch = 0);

}  // namespace kefu::cluster
