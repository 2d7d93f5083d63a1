#pragma once

#include <string>
#include <vector>

#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/pg_result.hpp"

namespace kefu::cluster {

// Runs one statement on `db` and returns its result whether it succeeded or not, so that the
// caller can tell refusals apart by SQLSTATE (PgResult::sqlstate). Throws std::runtime_error only
// when the connection itself failed (no result, or a broken connection): then the outcome of a
// write is unknown.
store::PgResult call(store::PgConnection& db, const std::string& sql,
                     const std::vector<store::PgParam>& params = {});

}  // namespace kefu::cluster
