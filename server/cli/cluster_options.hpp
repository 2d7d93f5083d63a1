#pragma once

#include <boost/program_options.hpp>
#include <iosfwd>
#include <optional>
#include <string>

#include "server/cluster/bus_location.hpp"

namespace kefu::cli {

// `kefu serve`'s cluster options (issue 19, docs/deploying.md): --bus, the NATS servers that
// wake the node holding a socket when another node stored a message.
struct ClusterOptions {
  std::string bus;                            // as given
  std::optional<cluster::BusLocation> where;  // parsed, once check_cluster_options accepted it
};

void add_cluster_options(boost::program_options::options_description& description,
                         ClusterOptions& options);

// Checks the cluster options against the store: a bus takes a valid nats:// location and a
// PostgreSQL store (one SQLite file is one node, with no other node to wake). Returns 0 when
// they are fine (also when no bus is asked for), else says why on `err` and returns 2.
int check_cluster_options(const boost::program_options::variables_map& values,
                          ClusterOptions& options, bool postgres_store, std::ostream& err);

}  // namespace kefu::cli
