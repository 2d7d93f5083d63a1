#pragma once

#include <boost/program_options.hpp>
#include <iosfwd>
#include <string>
#include <vector>

#include "server/store/sqlite_store.hpp"

namespace kefu::cli {

// Parses `args` against `description`. Returns false (after printing help or the problem) when
// the command should stop: `status` is then 0 for --help and 2 for a usage error.
bool parse_options(const std::vector<std::string>& args,
                   const boost::program_options::options_description& description,
                   boost::program_options::variables_map& values, const std::string& usage,
                   std::ostream& out, std::ostream& err, int& status);

// Store options for a command-line tool: the database at `path`, with every part's schema.
store::SqliteOptions store_options(const std::string& path);

// The database path when none is given: $KEFU_DB, else kefu.db in the working directory.
std::string default_database();

// Whether `store` (a --store value) is a postgresql:// URI; if not, says so on `err`, and the
// command exits with 2 having touched nothing.
bool postgres_store_given(const std::string& store, std::ostream& err);

}  // namespace kefu::cli
