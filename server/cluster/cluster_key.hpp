#pragma once

#include <string>

#include "server/store/postgres/pg_connection.hpp"

namespace kefu::cluster {

// The key the nodes of one cluster share (table `cluster_key`, server/cluster/cluster_schema.hpp):
// 32 random bytes (OpenSSL's RAND_bytes) as 64 hex digits, written by the first node that asks
// (INSERT ... ON CONFLICT DO NOTHING, so concurrent first nodes agree on one) and read by every
// other. Only the nodes and whoever can read the database know it; a relay signs the client's
// address with it (server/net/relayed_for.hpp). Returns the key's 32 bytes. Throws
// std::runtime_error when the database cannot be read or written, or no random bytes are had.
std::string cluster_key(store::PgConnection& db);

}  // namespace kefu::cluster
