#include "server/cli/store_options.hpp"

#include <ostream>

#include "server/cli/options.hpp"

namespace kefu::cli {
namespace po = boost::program_options;

void add_store_options(po::options_description& description, net::ServeSettings& settings) {
  description.add_options()(
      "store", po::value(&settings.store),
      "postgresql://user@host:port/name: run on that PostgreSQL database (migrated at start), "
      "every module on it and no SQLite file (--db is not used); alone it is one node and the "
      "desk; with --bus several nodes elect the desk and the others stand by, relaying to it "
      "(docs/deploying.md)")(
      "mail-key-file", po::value(&settings.mail_key_file),
      "the key file sealing mailbox passwords and the shop's secrets (created 0600 if missing; "
      "default: the SQLite database's path + .mail-key); required with --store, and the same "
      "file on every node");
}

int check_store_options(const po::variables_map& values, const net::ServeSettings& settings,
                        std::ostream& err) {
  if (values.count("store") == 0) return 0;
  if (!postgres_store_given(settings.store, err)) return 2;
  if (settings.mail_key_file.empty()) {
    err << "kefu serve: --store postgresql:// needs --mail-key-file PATH: the key sealing "
           "mailbox passwords and the shop's secrets cannot sit beside a SQLite file, and every "
           "node must read the same one (docs/deploying.md)\n";
    return 2;
  }
  return 0;
}

}  // namespace kefu::cli
