#pragma once

#include <memory>
#include <string>

#include "server/store/sql/connection.hpp"

namespace kefu::admin {

// The admin's own connection to the server's database at `location` (a postgresql:// URI or a
// SQLite file already migrated), through the neutral layer (sql::open_connection). On SQLite
// it also enforces foreign keys and leaves the log's checkpoints to the store's checkpointer
// (its commits never run SQLite's automatic checkpoint). Throws when it cannot connect.
std::unique_ptr<sql::Connection> open_admin_connection(const std::string& location);

}  // namespace kefu::admin
