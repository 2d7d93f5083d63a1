#include "server/cli/cluster_options.hpp"

#include <ostream>
#include <stdexcept>

namespace kefu::cli {
namespace po = boost::program_options;

void add_cluster_options(po::options_description& description, ClusterOptions& options) {
  description.add_options()(
      "bus", po::value(&options.bus),
      "nats://host[:port][,nats://...]: the NATS servers (core NATS) that wake the node holding a "
      "socket when another node stored a message; with --store postgresql:// only "
      "(docs/deploying.md)");
}

int check_cluster_options(const po::variables_map& values, ClusterOptions& options,
                          bool postgres_store, std::ostream& err) {
  if (values.count("bus") == 0) return 0;
  try {
    options.where = cluster::parse_bus_location(options.bus);
  } catch (const std::invalid_argument& refused) {
    err << "--bus: " << refused.what() << "\n";
    return 2;
  }
  if (!postgres_store) {
    err << "kefu serve: --bus needs --store postgresql://...: with the SQLite store (--db) Kefu "
           "runs as one node, which has no other node to wake (docs/deploying.md)\n";
    return 2;
  }
  return 0;
}

}  // namespace kefu::cli
