#pragma once

#include <memory>
#include <string>

#include "server/store/sql/connection.hpp"

namespace kefu::sql {

// A connection to `location`: a postgresql://... (or postgres://...) URI, else a SQLite file
// opened for reading and writing (already migrated: `kefu migrate`). Throws when it cannot.
std::unique_ptr<Connection> open_connection(const std::string& location);

}  // namespace kefu::sql
