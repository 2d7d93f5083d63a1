#pragma once

#include <iosfwd>
#include <memory>
#include <string>

#include "server/store/store.hpp"

namespace kefu::cli {

// Where a command-line tool (`kefu demo`, `kefu user add`) keeps its data: `--store
// postgresql://...` when given, else the SQLite file `--db`. Returns false after telling `err`
// when `store_uri` is given but is not a postgresql:// URI (a SQLite file is --db PATH), so that
// a typo never creates a stray SQLite file.
bool pick_store_location(const std::string& db_path, const std::string* store_uri,
                         std::string& location, std::ostream& err);

// The desk's store at `location` with every part's schema brought up to date: `SqliteStore`
// on a file (created if absent), `PostgresStore` on a postgresql:// URI (its migrations
// applied). Throws std::runtime_error when it cannot connect or open.
std::unique_ptr<store::Store> open_tool_store(const std::string& location);

}  // namespace kefu::cli
