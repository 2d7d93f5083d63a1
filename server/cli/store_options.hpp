#pragma once

#include <boost/program_options.hpp>
#include <iosfwd>

#include "server/net/serve_settings.hpp"

namespace kefu::cli {

// `kefu serve`'s store options (docs/deploying.md): --store postgresql://... runs the node on
// that PostgreSQL database, every module on it and no SQLite file (--db is then not used);
// --mail-key-file names the key that seals mailbox passwords and the shop's secrets (beside
// the SQLite file by default; required with --store, since every node must read the same key).
void add_store_options(boost::program_options::options_description& description,
                       net::ServeSettings& settings);

// Checks the store options: --store takes a postgresql:// URI and --mail-key-file with it
// (several nodes, --bus, are checked by check_cluster_options). Returns 0 when the node may
// start, else says why on `err` and returns 2. Reads and writes nothing.
int check_store_options(const boost::program_options::variables_map& values,
                        const net::ServeSettings& settings, std::ostream& err);

}  // namespace kefu::cli
